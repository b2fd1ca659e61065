using System.Numerics;

namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// One input signal of a circuit: its name and its values flattened row-major, each in [0, r). A scalar has one value;
/// <c>[[1, 2], [3, 4]]</c> becomes <c>1, 2, 3, 4</c>, the order of <c>pos</c> in circom's <c>setInputSignal</c>
/// (FORMATS.md §7, protocol step 3). The values are private: whoever holds them clears the array once used.
/// </summary>
/// <param name="Name">The signal's name.</param>
/// <param name="Values">The values, flattened row-major.</param>
/// <param name="Shape">The array dimensions as given (empty for a scalar); null when unknown, which messages read as a
/// scalar for one value and a flat array otherwise.</param>
public sealed record InputSignal(string Name, BigInteger[] Values, IReadOnlyList<int>? Shape = null)
{
    /// <summary>The JSON index path of value <paramref name="index"/> (<c>[1][0]</c>; empty for a scalar), for messages.</summary>
    public string IndexPath(int index)
    {
        var shape = Shape ?? (Values.Length == 1 ? [] : [Values.Length]);
        if (shape.Count == 0)
        {
            return "";
        }
        var indices = new int[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            int size = Math.Max(1, shape[d]);
            indices[d] = index % size;
            index /= size;
        }
        return string.Concat(indices.Select(i => $"[{i}]"));
    }
}
