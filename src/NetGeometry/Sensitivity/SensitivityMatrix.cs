namespace NetGeometry.Sensitivity;

/// <summary>
/// Zhang, Bengio &amp; Singer's robustness table for one network: rows are layers (network order), the first column the
/// error after re-randomizing the layer (mean over draws), then one column per checkpoint step (increasing) the
/// error after re-initializing the layer to its value there. <see cref="Baseline"/> is the unchanged network's
/// error; <see cref="ErrorKind"/> says what the numbers are ("error" = 1 - accuracy, or "loss"), measured on
/// <see cref="DataName"/>.
/// </summary>
/// <param name="Layers">The layers' names, one per row.</param>
/// <param name="CheckpointSteps">The checkpoints' steps, one per re-initialization column.</param>
/// <param name="Rerandomized">Layers x draws: the error after each fresh draw of the layer.</param>
/// <param name="Reinitialized">Layers x checkpoints: the error with the layer at its value at each checkpoint.</param>
/// <param name="Baseline">The unchanged network's error.</param>
/// <param name="ErrorKind">"error" (1 - accuracy) or "loss".</param>
/// <param name="DataName">The data set the errors are measured on.</param>
public sealed record SensitivityMatrix(
    IReadOnlyList<string> Layers, IReadOnlyList<long> CheckpointSteps, double[,] Rerandomized, double[,] Reinitialized,
    double Baseline, string ErrorKind, string DataName)
{
    /// <summary>Layers x (1 + checkpoints): mean re-randomization error, then re-initialization errors.</summary>
    public double[,] Matrix
    {
        get
        {
            int rows = Layers.Count, draws = Rerandomized.GetLength(1), columns = CheckpointSteps.Count;
            var matrix = new double[rows, 1 + columns];
            for (int l = 0; l < rows; l++)
            {
                matrix[l, 0] = Enumerable.Range(0, draws).Average(k => Rerandomized[l, k]);
                for (int c = 0; c < columns; c++) matrix[l, 1 + c] = Reinitialized[l, c];
            }
            return matrix;
        }
    }
}
