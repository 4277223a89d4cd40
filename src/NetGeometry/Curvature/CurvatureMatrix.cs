using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Curvature;

/// <summary>The parameter-space curvature matrices of a training loss, by name.</summary>
public enum CurvatureMatrix
{
    /// <summary>The loss Hessian (<see cref="Curvature.LossHessian"/>): indefinite; the GGN plus the residual term.</summary>
    LossHessian,
    /// <summary>The generalized Gauss-Newton matrix (<see cref="GaussNewton"/>): positive semi-definite.</summary>
    GaussNewton,
    /// <summary>The empirical Fisher (<see cref="EmpiricalFisher"/>): positive semi-definite.</summary>
    EmpiricalFisher,
}

public static class CurvatureMatrices
{
    public static readonly string[] Names = { "loss", "ggn", "fisher" };

    public static CurvatureMatrix Parse(string text) => text.ToLowerInvariant() switch
    {
        "loss" or "hessian" => CurvatureMatrix.LossHessian,
        "ggn" or "gauss-newton" => CurvatureMatrix.GaussNewton,
        "fisher" => CurvatureMatrix.EmpiricalFisher,
        _ => throw new InputException($"unknown curvature matrix '{text}': use {string.Join(", ", Names)}."),
    };

    /// <summary>The short name used in metric names and files: loss_hessian, ggn, fisher.</summary>
    public static string MetricName(this CurvatureMatrix matrix) => matrix switch
    {
        CurvatureMatrix.LossHessian => "loss_hessian",
        CurvatureMatrix.GaussNewton => "ggn",
        _ => "fisher",
    };

    /// <summary>The matrix of the loss over the dataset at the network's current parameters; dispose it to free its graph.</summary>
    public static ILinearOperator Create(this CurvatureMatrix matrix, INetwork network, Dataset data, LossKind loss) =>
        matrix.Create(network, new[] { data }, loss);

    /// <summary>
    /// The matrix of the mean loss over a sequence of batches, each product summed over them one batch's graph at a time
    /// (a collection of one batch: its graph built once, here); dispose it to free that graph.
    /// </summary>
    public static ILinearOperator Create(this CurvatureMatrix matrix, INetwork network, IEnumerable<Dataset> batches, LossKind loss) => matrix switch
    {
        CurvatureMatrix.LossHessian => Curvature.LossHessian.Create(network, batches, loss),
        CurvatureMatrix.GaussNewton => new GaussNewton(network, batches, loss),
        _ => new EmpiricalFisher(network, batches, loss),
    };
}
