package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Network;

/** Teacher networks of the distillation methods: frozen, used in eval mode, closed by the caller. */
final class Teachers {

    private Teachers() {
    }

    /** A frozen copy of {@code model}: no gradients flow into it. */
    static Network frozenCopy(Network model) {
        Network t = model.copy();
        t.setAllTrainable(false);
        return t;
    }
}
