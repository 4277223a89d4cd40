using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Experiments;

/// <summary>
/// How a parameter tensor is stored in the checkpoints table: its shape as a JSON array and its values in row-major
/// order as float64 little-endian bytes, whatever its dtype (float32 values convert to float64 exactly).
/// </summary>
internal static class CheckpointCodec
{
    public static string ShapeJson(Tensor tensor) => JsonSerializer.Serialize(tensor.shape);

    public static byte[] Encode(Tensor tensor)
    {
        double[] values = [];
        if (tensor.numel() > 0)  // TorchSharp's data<T>().ToArray() throws on an empty tensor
            using (NewDisposeScope())
                values = tensor.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var bytes = new byte[values.Length * sizeof(double)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return bytes;
    }

    /// <summary>The shape a JSON array describes, or null when the text is not one.</summary>
    public static long[]? ParseShape(string shapeJson)
    {
        try
        {
            return JsonSerializer.Deserialize<long[]>(shapeJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="data"/> holds exactly the values a tensor of <paramref name="shape"/> has.</summary>
    public static bool Fits(long[] shape, byte[] data) =>
        shape.All(d => d >= 0) && data.LongLength == shape.Aggregate(1L, (n, d) => n * d) * sizeof(double);

    /// <summary>A float64 CPU tensor of the stored values; check <see cref="Fits"/> first.</summary>
    public static Tensor Decode(long[] shape, byte[] data)
    {
        var values = new double[data.Length / sizeof(double)];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(i * sizeof(double)));
        return torch.tensor(values, shape, ScalarType.Float64);
    }
}
