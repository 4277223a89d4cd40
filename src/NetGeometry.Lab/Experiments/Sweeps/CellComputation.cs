namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// A sweep cell's work when it is not a training run (a reproduction whose experiment is something else, such as
/// image-matching's LDDMM geodesics and matching networks): it computes from the cell's <paramref name="spec"/> (its seed
/// and coordinates), writes what its analysis reads back into the cell's <paramref name="run"/> folder, and returns the
/// numbers stored as the run's summaries (in cells.csv). Everything else is a training cell's: the cell's own folder, its
/// lock, its finished mark, resuming, job arrays and <c>netgeo collect</c>.
/// </summary>
internal delegate IReadOnlyDictionary<string, double> CellComputation(RunSpec spec, RunDirectory run, CancellationToken cancel);
