package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.security.KeyMaterial;
import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.Signer;
import io.deepunlearn.pipeline.security.SignedJson;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepunlearn verify-receipt}: a genuine receipt verifies; any modification or another key is refused. */
class VerifyReceiptCommandTest {

    @TempDir
    Path dir;

    static final ModelVersionRef REF = new ModelVersionRef("m", "000002-abcdef012345",
            "models/m/versions/000002-abcdef012345/checkpoint.bin", "abcdef0123456789", null);

    static byte[] signedReceipt(KeyPair auditor) {
        ErasureReceipt receipt = new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "fr-1", "m", "ds",
                List.of("k1:" + "ab".repeat(32)), "FT", REF, REF, "pass", List.of(), "pass: no membership signal", null,
                UliraFigures.unavailable("no shadow models yet"), Map.of("miaMax", 0.6), "released",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:01:00.123456Z"));
        return SignedJson.sign(receipt, new Signer("auditor-1", auditor.getPrivate()));
    }

    @Test
    void aGenuineReceiptVerifiesWithThePemOrBase64Key() throws Exception {
        KeyPair auditor = KeyMaterial.generate(Signer.ALG);
        Path receipt = Files.write(dir.resolve("receipt.json"), signedReceipt(auditor));
        Path pem = Files.writeString(dir.resolve("auditor.pem"), KeyMaterial.pem(auditor.getPublic()));

        CliRunner r = CliRunner.run("verify-receipt", receipt.toString(), "--public-key", pem.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK: receipt fr-1").contains("key 'auditor-1'");
        assertThat(CliRunner.run("verify-receipt", receipt.toString(), "--public-key",
                KeyMaterial.encode(auditor.getPublic())).exitCode()).isZero();
        // re-serialised (pretty-printed, keys reordered by a tool) it still verifies: the signature is over canonical JSON
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllBytes(receipt));
        Path pretty = Files.writeString(dir.resolve("pretty.json"), tree.toPrettyString());
        assertThat(CliRunner.run("verify-receipt", pretty.toString(), "--public-key", pem.toString()).exitCode()).isZero();
    }

    @Test
    void aModifiedReceiptOrAnotherKeyIsRefused() throws Exception {
        KeyPair auditor = KeyMaterial.generate(Signer.ALG);
        String genuine = new String(signedReceipt(auditor), StandardCharsets.UTF_8);
        Path pem = Files.writeString(dir.resolve("auditor.pem"), KeyMaterial.pem(auditor.getPublic()));

        Path modified = Files.writeString(dir.resolve("modified.json"), genuine.replace("\"pass\"", "\"fail\""));
        CliRunner r = CliRunner.run("verify-receipt", modified.toString(), "--public-key", pem.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("INVALID: receipt modified.json does not match its signature");

        Path unsigned = Files.writeString(dir.resolve("unsigned.json"), genuine.substring(0, genuine.indexOf(",\"signature\"")) + "}");
        assertThat(CliRunner.run("verify-receipt", unsigned.toString(), "--public-key", pem.toString()).err())
                .contains("is not signed");

        Path receipt = Files.writeString(dir.resolve("receipt.json"), genuine);
        String otherKey = KeyMaterial.encode(LocalSecrets.generate().receiptPublicKey());
        CliRunner other = CliRunner.run("verify-receipt", receipt.toString(), "--public-key", otherKey);
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("does not match its signature");

        assertThat(CliRunner.run("verify-receipt", receipt.toString(), "--public-key", "not-a-key").exitCode()).isEqualTo(2);
    }
}
