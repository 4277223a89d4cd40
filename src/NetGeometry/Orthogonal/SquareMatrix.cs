using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

internal static class SquareMatrix
{
    /// <summary>Throws unless <paramref name="r"/> is a non-empty square matrix (libtorch would abort on some shapes).</summary>
    public static void Check(Tensor r)
    {
        if (r.dim() != 2 || r.shape[0] != r.shape[1] || r.shape[0] == 0)
            throw new ArgumentException($"an orthogonalizer takes a non-empty square matrix, got [{string.Join(", ", r.shape)}].");
    }
}
