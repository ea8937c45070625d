package io.deepunlearn.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    /**
     * The backward of x * c reads c. With {@code x.mul(3f)} DJL frees c's buffer before backward, and this GC +
     * reuse sequence turns the gradient into garbage; a {@link Scalars} operand must survive it.
     */
    @Test
    void scalarOperandSurvivesGarbageCollectionBeforeBackward() throws InterruptedException {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.ones(new Shape(4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray y = x.mul(Scalars.like(x, 3)).div(Scalars.like(x, 2));
                List<ByteBuffer> reuse = stressDirectMemory();
                gc.backward(y.sum());
                assertThat(reuse).isNotEmpty();
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(1.5f, 1.5f, 1.5f, 1.5f);
        }
    }

    @Test
    void scalarTakesTheOperandsTypeAndManager() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.ones(new Shape(2), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray c = Scalars.like(x, 0.25);
            assertThat(c.getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT64);
            assertThat(c.getShape().dimension()).isZero();
            assertThat(c.getManager()).isSameAs(x.getManager());
            assertThat(c.getDouble()).isEqualTo(0.25);
        }
    }

    /** Lets the GC free unreachable direct buffers, then refills freed native memory with NaNs. */
    private static List<ByteBuffer> stressDirectMemory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30);
        }
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            buffers.add(b);
        }
        return buffers;
    }
}
