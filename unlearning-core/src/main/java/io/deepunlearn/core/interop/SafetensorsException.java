package io.deepunlearn.core.interop;

import io.deepunlearn.core.checkpoint.CheckpointException;

/** A safetensors file that is malformed or does not fit the network; the message names the file and tensor. */
public class SafetensorsException extends CheckpointException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
