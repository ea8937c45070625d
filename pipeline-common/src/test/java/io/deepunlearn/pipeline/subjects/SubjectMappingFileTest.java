package io.deepunlearn.pipeline.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing and checking subject-mapping files: rows, problems by row in order, no subject id in any message. */
class SubjectMappingFileTest {

    static final SubjectPseudonymizer REF = (dataset, subject) -> "ref(" + dataset + "," + subject + ")";

    static SubjectMappingFile.Parsed csv(String text) {
        return SubjectMappingFile.parse(text.getBytes(StandardCharsets.UTF_8), SubjectMappingFile.Format.CSV);
    }

    @Test
    void csvAndJsonlRowsBecomePseudonymsWithTheirSamples() {
        var parsed = csv("\uFEFFsample_id,subject_id\r\n1,alice@example.com\r\n2,\"Smith, Bob\"\r\n3,alice@example.com\r\n");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows()).extracting(SubjectMappingFile.Row::row).containsExactly(2, 3, 4);
        Map<String, List<Integer>> m = SubjectMappingFile.validate(parsed, "ds", id -> id < 10, Map.of(), REF);
        assertThat(m).containsOnly(Map.entry("ref(ds,alice@example.com)", List.of(1, 3)),
                Map.entry("ref(ds,Smith, Bob)", List.of(2)));

        var jsonl = SubjectMappingFile.parse("{\"sampleId\": 4, \"subjectId\": \"carol\"}\n\n{\"sampleId\": 1, \"subjectId\": \"alice@example.com\"}\n"
                .getBytes(StandardCharsets.UTF_8), SubjectMappingFile.Format.JSONL);
        assertThat(jsonl.problems()).containsExactly(new SubjectMappingFile.Problem(2, "empty row"));
        assertThat(jsonl.rows()).hasSize(2);
    }

    @Test
    void anEarlierImportIsSkippedWhenEqualAndRefusedWhenItNamesAnotherSubject() {
        var parsed = csv("sample_id,subject_id\n1,alice\n2,bob\n");
        Map<String, List<Integer>> fresh = SubjectMappingFile.validate(parsed, "ds", id -> true,
                Map.of(1, "ref(ds,alice)"), REF);
        assertThat(fresh).containsOnly(Map.entry("ref(ds,bob)", List.of(2)));
        assertThatThrownBy(() -> SubjectMappingFile.validate(parsed, "ds", id -> true, Map.of(2, "ref(ds,carol)"), REF))
                .isInstanceOfSatisfying(MappingRejectedException.class, e -> assertThat(e.problems()).containsExactly(
                        new SubjectMappingFile.Problem(3, "sample 2 already belongs to another subject (imported earlier)")));
    }

    @Test
    void everyBadRowIsReportedWithItsRowAndReasonInRowOrder() {
        String text = "sample_id,subject_id\n"
                + "12x,dave\n"          // 2
                + "99,dave\n"           // 3 not in the dataset
                + "5,erin\n"            // 4
                + "5,erin\n"            // 5 repeats row 4
                + "6,\n"                // 6
                + "7,frank,extra\n"     // 7
                + "8, grace\n"          // 8
                + "9,\"unterminated\n"  // 9
                + "-1,x\n"              // 10
                + "10,a\u0007b\n";      // 11
        var parsed = csv(text);
        assertThatThrownBy(() -> SubjectMappingFile.validate(parsed, "ds", Set.of(5, 6, 7, 8, 9, 10)::contains, Map.of(), REF))
                .isInstanceOfSatisfying(MappingRejectedException.class, e -> {
                    assertThat(e.problems()).extracting(SubjectMappingFile.Problem::row)
                            .containsExactly(2, 3, 5, 6, 7, 8, 9, 10, 11);
                    assertThat(e.problems()).extracting(SubjectMappingFile.Problem::reason).contains(
                            "sample_id is not an integer in 0..2147483647", "sample 99 is not in dataset ds",
                            "sample 5 is already listed at row 4 (a sample belongs to one subject)", "subject id is empty",
                            "expected 2 fields (sample_id,subject_id), got 3",
                            "subject id has leading or trailing white space", "subject id contains control characters");
                    assertThat(e.getMessage()).startsWith("9 bad row(s); nothing was imported: row 2:")
                            .doesNotContain("dave", "erin", "grace", "unterminated");
                    assertThat(e.problems().toString()).doesNotContain("dave", "erin", "grace", "unterminated");
                });
    }

    @Test
    void aWrongHeaderOrAnEmptyOrNonUtf8FileIsRefusedAtRowOne() {
        assertThat(csv("sample,subject\n1,a\n").problems()).containsExactly(
                new SubjectMappingFile.Problem(1, "expected the header 'sample_id,subject_id'"));
        assertThat(csv("sample_id,subject_id\n").problems()).containsExactly(
                new SubjectMappingFile.Problem(1, "no mapping rows"));
        assertThat(SubjectMappingFile.parse(new byte[] {'1', ',', (byte) 0xC3, (byte) 0x28},
                SubjectMappingFile.Format.JSONL).problems()).containsExactly(
                new SubjectMappingFile.Problem(1, "the file is not UTF-8 text"));
        var json = SubjectMappingFile.parse(("{\"sampleId\": 1.5, \"subjectId\": \"x\"}\n{\"sampleId\": \"2\", \"subjectId\": \"x\"}\n"
                + "{\"sampleId\": 3}\n{\"sampleId\": 4, \"subjectId\": \"x\", \"extra\": 1}\n").getBytes(StandardCharsets.UTF_8),
                SubjectMappingFile.Format.JSONL);
        assertThat(json.problems()).extracting(SubjectMappingFile.Problem::row).containsExactly(1, 2, 3, 4);
        assertThat(json.rows()).isEmpty();
    }

    @Test
    void mediaTypesAndFileNamesChooseTheFormat() {
        assertThat(SubjectMappingFile.Format.ofMediaType("text/csv; charset=utf-8")).isEqualTo(SubjectMappingFile.Format.CSV);
        assertThat(SubjectMappingFile.Format.ofMediaType("application/x-ndjson")).isEqualTo(SubjectMappingFile.Format.JSONL);
        assertThat(SubjectMappingFile.Format.ofFileName("m.NDJSON")).isEqualTo(SubjectMappingFile.Format.JSONL);
        assertThatThrownBy(() -> SubjectMappingFile.Format.ofMediaType("text/plain")).hasMessageContaining("text/csv");
    }
}
