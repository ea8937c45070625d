package io.deepunlearn.core.model;

import ai.djl.ndarray.NDManager;
import java.util.List;

/** small-cnn, resnet18, tiny-vit and tiny-vit-padded, contributed through the {@link ArchitectureProvider} SPI. */
public final class BuiltinArchitectures implements ArchitectureProvider {

    @Override
    public List<String> names() {
        return List.of("small-cnn", "resnet18", "tiny-vit", "tiny-vit-padded");
    }

    @Override
    public Network create(String name, ModelSpec spec, NDManager manager) {
        return switch (name) {
            case "small-cnn" -> new SmallCnn(spec, manager);
            case "resnet18" -> new ResNet18(spec, manager);
            case "tiny-vit" -> new TinyVit(spec, manager, true);
            // reference parity: windows zero-padded up to their configured size even on smaller feature maps
            case "tiny-vit-padded" -> new TinyVit(spec, manager, false);
            default -> throw new IllegalArgumentException("not a built-in architecture: " + name);
        };
    }
}
