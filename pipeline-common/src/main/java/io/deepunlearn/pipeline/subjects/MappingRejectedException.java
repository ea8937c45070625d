package io.deepunlearn.pipeline.subjects;

import java.util.List;

/**
 * A subject-mapping file that is refused as a whole (nothing of it is stored): each problem names its row (the
 * file's line number, 1-based, the CSV header being row 1) and the reason.
 */
public class MappingRejectedException extends IllegalArgumentException {

    private final transient List<SubjectMappingFile.Problem> problems;

    public MappingRejectedException(List<SubjectMappingFile.Problem> problems, boolean truncated) {
        super(problems.size() + (truncated ? "+" : "") + " bad row(s); nothing was imported: "
                + String.join("; ", problems.stream().limit(3).map(SubjectMappingFile.Problem::toString).toList())
                + (problems.size() > 3 ? "; ..." : ""));
        this.problems = List.copyOf(problems);
    }

    public List<SubjectMappingFile.Problem> problems() {
        return problems;
    }
}
