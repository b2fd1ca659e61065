using System.Numerics;
using System.Runtime.InteropServices;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Provers.Protocol;
using Google.Protobuf;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// Private inputs on the socket: each signal's values as 32 little-endian bytes each, in one buffer per signal that is
/// wrapped, not copied, into the request (<see cref="UnsafeByteOperations"/>), so that the side that made it can clear it
/// after the call; the side that reads a request clears the buffers it received the same way.
/// </summary>
internal static class SignalCodec
{
    private const int ValueBytes = 32;

    /// <summary>The signals as request messages, and the buffers to clear once the call is over.</summary>
    public static (List<Signal> Signals, List<byte[]> Buffers) Encode(IReadOnlyList<InputSignal> inputs)
    {
        var signals = new List<Signal>(inputs.Count);
        var buffers = new List<byte[]>(inputs.Count);
        foreach (var input in inputs)
        {
            var buffer = new byte[input.Values.Length * ValueBytes];
            for (int i = 0; i < input.Values.Length; i++)
            {
                if (input.Values[i].Sign < 0 || !input.Values[i].TryWriteBytes(buffer.AsSpan(i * ValueBytes, ValueBytes), out _, isUnsigned: true))
                {
                    throw new ArgumentException($"input {input.Name}{input.IndexPath(i)} does not fit in {ValueBytes} bytes", nameof(inputs));
                }
            }
            buffers.Add(buffer);
            var signal = new Signal { Name = input.Name, Values = UnsafeByteOperations.UnsafeWrap(buffer), ShapeKnown = input.Shape is not null };
            if (input.Shape is { } shape)
            {
                signal.Shape.AddRange(shape);
            }
            signals.Add(signal);
        }
        return (signals, buffers);
    }

    /// <summary>The typed signals of a request; the request's value buffers are cleared as they are read.</summary>
    public static List<InputSignal> Decode(IEnumerable<Signal> signals)
    {
        var inputs = new List<InputSignal>();
        foreach (var signal in signals)
        {
            var bytes = MemoryMarshal.AsMemory(signal.Values.Memory).Span;
            if (bytes.Length % ValueBytes != 0)
            {
                bytes.Clear();
                throw new ArgumentException($"input {signal.Name}: {bytes.Length} bytes is not a whole number of {ValueBytes}-byte values");
            }
            var values = new BigInteger[bytes.Length / ValueBytes];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = new BigInteger(bytes.Slice(i * ValueBytes, ValueBytes), isUnsigned: true);
            }
            bytes.Clear();
            inputs.Add(new InputSignal(signal.Name, values, signal.ShapeKnown ? [.. signal.Shape] : null));
        }
        return inputs;
    }

    /// <summary>Clears the buffers <see cref="Encode"/> made.</summary>
    public static void Clear(List<byte[]> buffers)
    {
        foreach (var buffer in buffers)
        {
            Array.Clear(buffer);
        }
    }
}
