package io.deepunlearn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.KeyMaterial;
import io.deepunlearn.pipeline.security.SignedJson;
import io.deepunlearn.pipeline.security.Signer;
import io.deepunlearn.pipeline.security.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks an erasure receipt offline, as an auditor or a regulator would: the file as served by
 * {@code GET /api/v1/receipts/{id}} and the auditor's Ed25519 public key. No network, no service. Exit 0 when the
 * signature verifies, 1 when it does not (modified, or signed by another key), 2 for unreadable input.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = "Verify an erasure receipt's signature offline with the auditor's public key.")
public final class VerifyReceiptCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the receipt JSON (with its \"signature\" field)")
    Path file;

    @Option(names = "--public-key", required = true, paramLabel = "K",
            description = "the auditor's Ed25519 public key: a PEM or base64 file, or the base64 itself")
    String publicKey;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        PublicKey key = KeyMaterial.readPublicKey(Signer.ALG, publicKey);
        // the receipt names its key id; the key given here is the one trusted under that id
        String keyId = keyIdOf(bytes);
        try {
            JsonNode receipt = SignedJson.verify(bytes, TrustedKeys.of(keyId, key), "receipt " + file.getFileName());
            spec.commandLine().getOut().printf("OK: receipt %s (model %s, unlearned version %s, outcome %s) is signed by"
                            + " key '%s'%n", receipt.path("requestId").asText(), receipt.path("modelId").asText(),
                    receipt.path("unlearnedVersion").path("version").asText(), receipt.path("outcome").asText(), keyId);
            return 0;
        } catch (IntegrityException e) {
            spec.commandLine().getErr().println("INVALID: " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private static String keyIdOf(byte[] bytes) {
        try {
            String id = EventCodec.JSON.readTree(bytes).path(SignedJson.FIELD).path("keyId").asText("");
            return id.matches("[A-Za-z0-9._-]{1,32}") ? id : "unnamed";
        } catch (IOException e) {
            return "unnamed";
        }
    }
}
