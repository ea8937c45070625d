package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A module with named parameters, mirroring a torch.nn module under a dotted prefix. */
public interface Layer {

    /** The module path, e.g. {@code layer1.0.conv1}. */
    String prefix();

    NDArray forward(NDArray x, boolean train);

    List<Param> params();

    /** PyTorch's default {@code reset_parameters()} for this module type. */
    void resetParameters();
}
