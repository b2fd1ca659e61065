using System.Text.Json;
using System.Text.RegularExpressions;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Web;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// circuit.json, the configuration format of the original service: <c>id</c>, <c>description</c>,
/// <c>wasm_file</c>, <c>zkey_file</c>, <c>vkey_file</c>, <c>max_attributes</c>, <c>security_level</c>; and three
/// optional keys of ours: <c>inputs</c>, the input signals with their lengths and bit widths, which the API checks
/// before any witness work, <c>max_request_bytes</c>, a smaller cap on proving requests for this circuit, and
/// <c>r1cs_file</c>, the circuit's constraint system, against which the proving key's coefficients are checked.
/// A <c>production</c> circuit also names its powers-of-tau file, <c>ptau_file</c> (a file name, found in the circuit's
/// folder or in PTAU_DIR), and may pin its BLAKE2b-512, <c>ptau_blake2b512</c> (128 hex digits): its key is loaded only
/// if it is shown to come from that ceremony and the r1cs (<see cref="CeremonyVerifier"/>).
/// <code>
/// "inputs": { "assets": { "length": 8, "bits": 64, "decimal_only": true }, "salt": { } }
/// </code>
/// </summary>
internal sealed partial record CircuitConfiguration(
    string Id,
    string Description,
    string WasmFile,
    string ZkeyFile,
    string VkeyFile,
    int MaxAttributes,
    string SecurityLevel,
    IReadOnlyList<CircuitInput> Inputs,
    int? MaxRequestBytes,
    string? R1csFile = null,
    string? PtauFile = null,
    string? PtauBlake2b512 = null)
{
    public const string FileName = "circuit.json";

    private static readonly string[] SecurityLevels = ["development", "production"];

    /// <summary>Parses and checks a configuration; a <see cref="CircuitConfigurationException"/> names the key at fault.</summary>
    public static CircuitConfiguration Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new CircuitConfigurationException("", $"is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CircuitConfigurationException("", "must be a JSON object");
            }
            string id = RequiredString(root, "id");
            if (!IdPattern().IsMatch(id))
            {
                throw new CircuitConfigurationException("id", "must be 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit");
            }
            string description = RequiredString(root, "description");
            if (description.Length > 1000)
            {
                throw new CircuitConfigurationException("description", "is longer than 1000 characters");
            }
            string level = RequiredString(root, "security_level");
            if (!SecurityLevels.Contains(level))
            {
                throw new CircuitConfigurationException("security_level", $"must be one of {string.Join(", ", SecurityLevels)}");
            }
            int maxAttributes = RequiredInt(root, "max_attributes", 0, 1 << 16);
            string? ptauFile = root.TryGetProperty("ptau_file", out _) ? ArtifactName(root, "ptau_file") : null;
            string? ptauHash = null;
            if (root.TryGetProperty("ptau_blake2b512", out _))
            {
                ptauHash = RequiredString(root, "ptau_blake2b512");
                if (!Blake2bPattern().IsMatch(ptauHash))
                {
                    throw new CircuitConfigurationException("ptau_blake2b512", "must be the powers-of-tau file's BLAKE2b-512: 128 hexadecimal digits, as b2sum and ptau info print it");
                }
                ptauHash = ptauHash.ToLowerInvariant();
                if (ptauFile is null)
                {
                    throw new CircuitConfigurationException("ptau_blake2b512", "pins a powers-of-tau file, but ptau_file names none");
                }
            }
            int? maxRequest = root.TryGetProperty("max_request_bytes", out _) ? RequiredInt(root, "max_request_bytes", 64, 1 << 24) : null;
            var configuration = new CircuitConfiguration(
                id,
                description,
                ArtifactName(root, "wasm_file"),
                ArtifactName(root, "zkey_file"),
                ArtifactName(root, "vkey_file"),
                maxAttributes,
                level,
                ParseInputs(root),
                maxRequest,
                root.TryGetProperty("r1cs_file", out _) ? ArtifactName(root, "r1cs_file") : null,
                ptauFile,
                ptauHash);
            if (level == "production" && ptauFile is null)
            {
                throw new CircuitConfigurationException("ptau_file",
                    "is required for a production circuit: the powers-of-tau file its key comes from (in the circuit's folder or PTAU_DIR), against which the key is checked when the circuit is loaded");
            }
            return configuration;
        }
    }

    private static IReadOnlyList<CircuitInput> ParseInputs(JsonElement root)
    {
        if (!root.TryGetProperty("inputs", out var inputs))
        {
            return [];
        }
        if (inputs.ValueKind != JsonValueKind.Object)
        {
            throw new CircuitConfigurationException("inputs", "must be an object of input signals");
        }
        var list = new List<CircuitInput>();
        foreach (var signal in inputs.EnumerateObject())
        {
            string at = $"inputs.{signal.Name}";
            if (!SignalPattern().IsMatch(signal.Name))
            {
                throw new CircuitConfigurationException(at, "is not a circom signal name");
            }
            if (signal.Value.ValueKind != JsonValueKind.Object)
            {
                throw new CircuitConfigurationException(at, "must be an object (length, bits, decimal_only)");
            }
            int length = signal.Value.TryGetProperty("length", out _) ? RequiredInt(signal.Value, "length", 1, 1 << 20, at) : 1;
            int? bits = signal.Value.TryGetProperty("bits", out _) ? RequiredInt(signal.Value, "bits", 1, 253, at) : null;
            bool decimalOnly = false;
            if (signal.Value.TryGetProperty("decimal_only", out var flag))
            {
                decimalOnly = flag.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new CircuitConfigurationException($"{at}.decimal_only", "must be true or false"),
                };
            }
            list.Add(new CircuitInput(signal.Name, length, bits, decimalOnly));
        }
        return list;
    }

    private static string RequiredString(JsonElement root, string name)
    {
        string? text = null;
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            try
            {
                text = value.GetString();
            }
            catch (InvalidOperationException)
            {
                throw new CircuitConfigurationException(name, "is not valid text (an unpaired surrogate escape)");
            }
        }
        if (text is null || text.Trim().Length == 0)
        {
            throw new CircuitConfigurationException(name, "is missing or not a non-empty string");
        }
        return text;
    }

    private static int RequiredInt(JsonElement root, string name, int min, int max, string? parent = null)
    {
        string at = parent is null ? name : $"{parent}.{name}";
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
        {
            throw new CircuitConfigurationException(at, "is missing or not an integer");
        }
        if (number < min || number > max)
        {
            throw new CircuitConfigurationException(at, $"must lie in [{min}, {max}]");
        }
        return number;
    }

    private static string ArtifactName(JsonElement root, string name)
    {
        string value = RequiredString(root, name);
        if (RequestText.HasControlCharacter(value))
        {
            throw new CircuitConfigurationException(name, "holds a control character (U+0000–U+001F or U+007F–U+009F); a file name cannot");
        }
        if (Path.GetFileName(value) != value || value is "." or "..")
        {
            throw new CircuitConfigurationException(name, "must be a file name inside the circuit's folder");
        }
        return value;
    }

    /// <summary>Whether a string has the form of a circuit id (lower-case letters, digits and dashes, at most 64).</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{128}\z")]
    private static partial Regex Blake2bPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex SignalPattern();
}
