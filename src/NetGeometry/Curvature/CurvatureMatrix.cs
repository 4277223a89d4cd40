using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;

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

/// <summary>The curvature matrices by name, and each made from (model, loss, batches).</summary>
public static class CurvatureMatrices
{
    /// <summary>The names <see cref="Parse"/> takes, one per matrix.</summary>
    public static readonly string[] Names = { "loss", "ggn", "fisher" };

    /// <summary>A matrix by name ("loss" or "hessian", "ggn" or "gauss-newton", "fisher"); anything else is an <see cref="InputException"/>.</summary>
    public static CurvatureMatrix Parse(string text) => text.ToLowerInvariant() switch
    {
        "loss" or "hessian" => CurvatureMatrix.LossHessian,
        "ggn" or "gauss-newton" => CurvatureMatrix.GaussNewton,
        "fisher" => CurvatureMatrix.EmpiricalFisher,
        _ => throw new InputException($"unknown curvature matrix '{text}': use {string.Join(", ", Names)}."),
    };

    /// <summary>The short name used in metric names and files: loss_hessian, ggn, fisher.</summary>
    internal static string MetricName(this CurvatureMatrix matrix) => matrix switch
    {
        CurvatureMatrix.LossHessian => "loss_hessian",
        CurvatureMatrix.GaussNewton => "ggn",
        _ => "fisher",
    };

    /// <summary>
    /// The matrix of the loss over a sequence of batches, each product summed over them one batch's graph at a time with
    /// the loss's reduction (a collection of one batch: its graph built once, here); dispose it to free that graph.
    /// </summary>
    public static LossCurvature Create(this CurvatureMatrix matrix, Model model, ModelLoss loss, IEnumerable<Batch> batches) => matrix switch
    {
        CurvatureMatrix.LossHessian => new LossHessian(model, loss, batches),
        CurvatureMatrix.GaussNewton => new GaussNewton(model, loss, batches),
        _ => new EmpiricalFisher(model, loss, batches),
    };

    /// <summary>The matrix of a built-in network's mean loss over one dataset (one graph, built once).</summary>
    public static LossCurvature Create(this CurvatureMatrix matrix, INetwork network, Dataset data, LossKind loss) =>
        matrix.Create(network, new[] { data }, loss);

    /// <summary>
    /// The matrix of a built-in network's mean loss over a sequence of datasets as batches: the network as its model
    /// (<see cref="NetworkExtensions.AsModel"/>), each dataset checked against it (a collection at once, here).
    /// </summary>
    public static LossCurvature Create(this CurvatureMatrix matrix, INetwork network, IEnumerable<Dataset> batches, LossKind loss) =>
        matrix.Create(network.AsModel(), TrainingBatch.Loss(loss), TrainingBatch.Batches(network, batches, loss));
}
