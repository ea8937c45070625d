package io.deepunlearn.core.model;

import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Extension point for network architectures. A jar adds architectures by implementing this interface (public
 * class, public no-argument constructor) and listing the class in {@code
 * META-INF/services/io.deepunlearn.core.model.ArchitectureProvider}; {@link Architectures} then accepts the
 * names everywhere an architecture is named ({@code --arch}, checkpoints, events).
 *
 * <p>The network must name its tensors as the PyTorch module's {@code state_dict()} does, so checkpoints and
 * safetensors exports line up with the user's PyTorch code, and must build deterministically from the engine's
 * random generator (callers seed it).
 */
public interface ArchitectureProvider {

    /** The architecture names this provider builds, e.g. {@code resnet18}. */
    List<String> names();

    /** A freshly initialised network {@code name} for {@code spec}, owning {@code manager}. */
    Network create(String name, ModelSpec spec, NDManager manager);
}
