package dev.barrage.report;

import dev.barrage.BarrageException;
import dev.barrage.store.StepFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads a sweep back from disk: every step folder's database is read and rebuilt
 * ({@link StepRebuilder}). Reads only.
 */
public final class SweepLoader {
    private SweepLoader() {
    }

    /**
     * The sweep root for a folder given by the user: the folder itself when it holds step
     * folders, its parent when it is a step folder. Exit code 2 otherwise.
     */
    public static Path sweepRoot(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw BarrageException.invalidInput("'" + dir + "' is not a folder: give a sweep root"
                    + " (outputs/<timestamp>/<name>/) or a step folder (parallel_<P>_number_<N>/).");
        }
        if (StepFolder.isStepFolder(abs)) {
            return abs.getParent();
        }
        if (StepFolder.listIn(abs).isEmpty()) {
            throw BarrageException.invalidInput("No runs in '" + dir + "': a sweep root holds step folders"
                    + " (parallel_<P>_number_<N>/) with a benchmark_data.db each.");
        }
        return abs;
    }

    /** Every run of the sweep at {@code root}, rebuilt from its database, in the order they ran. */
    public static SweepData load(Path root) {
        List<StepFolder> steps = StepFolder.listIn(root);
        if (steps.isEmpty()) {
            throw BarrageException.invalidInput("No runs in '" + root + "': no step folder with a benchmark_data.db.");
        }
        List<RunDetail> runs = new ArrayList<>();
        for (StepFolder step : steps) {
            try {
                runs.add(StepRebuilder.rebuild(step));
            } catch (BarrageException e) {
                throw e;
            } catch (RuntimeException e) {
                // SQLite read the file, but a value in it is damaged (e.g. an unparseable ITL list)
                throw BarrageException.invalidInput("Cannot read the result database '" + step.database() + "': " + e
                        + ".");
            }
        }
        runs.sort(Comparator.comparingLong(RunDetail::startEpochMillis));
        List<dev.barrage.StepResult> results = runs.stream().map(RunDetail::result).toList();
        return new SweepData(SweepInfo.of(steps.get(0), root), runs, Suggestions.of(results));
    }
}
