using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Training;

/// <summary>
/// Mini-batch row indices: a fresh seeded permutation of the n examples each epoch, cut into batches of the given
/// size (the last one may be smaller). Full batch (size n) yields null: use the whole set.
/// </summary>
public sealed class MiniBatches : IDisposable
{
    private readonly long _n;
    private readonly int _size;
    private readonly Generator _generator;
    private Tensor? _order;
    private long _position;

    public MiniBatches(long n, int size, long seed)
    {
        _n = n; _size = size; _generator = Seeds.Generator(seed);
    }

    /// <summary>The next batch's row indices (int64), or null for full batch.</summary>
    public Tensor? Next()
    {
        if (_size >= _n) return null;
        if (_order is null || _position >= _n)
        {
            _order?.Dispose();
            _order = randperm(_n, generator: _generator).DetachFromDisposeScope();
            _position = 0;
        }
        var rows = _order.narrow(0, _position, Math.Min(_size, _n - _position));
        _position += _size;
        return rows;
    }

    public void Dispose()
    {
        _order?.Dispose();
        _generator.Dispose();
    }
}
