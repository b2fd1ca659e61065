using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Inputs;

internal static partial class CircuitInputs
{
    /// <summary>
    /// Checks parsed inputs against the circuit's input signals and their flattened sizes (as
    /// <c>getInputSignalSize</c> reports them, FORMATS.md §7 step 4): every expected signal given with exactly its
    /// number of values, and no other name. Throws <see cref="InputException"/> naming the signal at fault.
    /// </summary>
    public static void Match(IReadOnlyList<InputSignal> given, IReadOnlyDictionary<string, int> expectedSizes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signal in given)
        {
            if (!seen.Add(signal.Name))
            {
                throw new InputException(signal.Name, null, "is given more than once");
            }

            if (!expectedSizes.TryGetValue(signal.Name, out var size))
            {
                throw new InputException(signal.Name, null, "is not an input of this circuit");
            }

            if (signal.Values.Length != size)
            {
                throw new InputException(signal.Name, null, $"expects {size} {(size == 1 ? "value" : "values")}, got {signal.Values.Length}");
            }
        }

        foreach (var name in expectedSizes.Keys.Order(StringComparer.Ordinal))
        {
            if (!seen.Contains(name))
            {
                throw new InputException(name, null, "is missing");
            }
        }
    }
}
