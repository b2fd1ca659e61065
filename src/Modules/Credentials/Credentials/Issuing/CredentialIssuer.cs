using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Storage;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// Issues credentials: checks the request, encodes each attribute, signs Poseidon(Poseidon(slots), expires_at) with
/// the active issuer key, seals the subject, values and signature and stores the result. Also opens a stored
/// credential for the module's own use (proof inputs, reading with the credentials:read scope).
/// </summary>
internal sealed class CredentialIssuer(ICredentialStore store, IssuerKeyring keyring, CredentialsSecrets secrets, TimeProvider clock)
{
    /// <summary>How long a credential stays valid when the request gives no expires_at.</summary>
    public static readonly int DefaultValidityDays = 365;

    public const int MaxSubjectLength = 256;

    public async Task<(StoredCredential Stored, CredentialContent Content)> IssueAsync(JsonElement request, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("body", "the body must be a JSON object with subject, type, attributes and optionally expires_at");
        }
        foreach (var property in request.EnumerateObject())
        {
            if (property.Name is not ("subject" or "type" or "attributes" or "expires_at"))
            {
                throw Invalid(Shorten(property.Name), $"'{Shorten(property.Name)}' is not a field of a credential request (subject, type, attributes, expires_at)");
            }
        }
        if (!request.TryGetProperty("subject", out var subjectElement) || subjectElement.ValueKind != JsonValueKind.String
            || subjectElement.GetString() is not { Length: > 0 and <= MaxSubjectLength } subject || subject.Any(char.IsControl))
        {
            throw Invalid("subject", $"subject must be a string of 1 to {MaxSubjectLength} characters without control characters (an identifier of the holder, e.g. a DID)");
        }
        if (!request.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || !CredentialSchema.IsValidName(typeElement.GetString()))
        {
            throw Invalid("type", "type must be a credential type name: a letter, then letters, digits or _, at most 31 characters");
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        DateOnly expiresOn = today.AddDays(DefaultValidityDays);
        if (request.TryGetProperty("expires_at", out var expiresElement))
        {
            if (expiresElement.ValueKind != JsonValueKind.String || !AttributeEncoding.TryParseDate(expiresElement.GetString()!, out expiresOn))
            {
                throw Invalid("expires_at", "expires_at must be a date written YYYY-MM-DD (the last day the credential is valid)");
            }
            if (expiresOn < today)
            {
                throw Invalid("expires_at", $"expires_at is in the past (today is {AttributeEncoding.FormatDate(today)})");
            }
        }
        if (!request.TryGetProperty("attributes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("attributes", "attributes must be an array of {name, type, value}");
        }
        if (list.GetArrayLength() is 0 or > CredentialSchema.MaxAttributes)
        {
            throw Invalid("attributes", $"a credential has 1 to {CredentialSchema.MaxAttributes} attributes (the circuit has {CredentialSchema.CircuitSlots} slots; the last holds the schema digest)");
        }
        var definitions = new List<AttributeDefinition>();
        var values = new List<JsonNode>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            string at = $"attributes[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(at, $"{at} must be an object with name, type and value");
            }
            foreach (var property in item.EnumerateObject())
            {
                if (property.Name is not ("name" or "type" or "value"))
                {
                    throw Invalid($"{at}.{Shorten(property.Name)}", $"'{Shorten(property.Name)}' is not a field of an attribute (name, type, value)");
                }
            }
            if (!item.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || !CredentialSchema.IsValidName(nameElement.GetString()))
            {
                throw Invalid($"{at}.name", $"{at}.name must be a name: a letter, then letters, digits or _, at most 31 characters");
            }
            string name = nameElement.GetString()!;
            if (definitions.Any(d => d.Name == name))
            {
                throw Invalid($"{at}.name", $"attribute '{name}' is given twice");
            }
            if (!item.TryGetProperty("type", out var typeOf) || typeOf.ValueKind != JsonValueKind.String || !AttributeEncoding.TryParseType(typeOf.GetString(), out var type))
            {
                throw Invalid($"{at}.type", $"{at}.type must be one of string, integer, date, boolean");
            }
            if (!item.TryGetProperty("value", out var value))
            {
                throw Invalid($"{at}.value", $"attribute '{name}' has no value");
            }
            var encoded = AttributeEncoding.TryEncode(type, value, out string? problem)
                ?? throw Invalid($"{at}.value", $"the value of attribute '{name}' {problem}");
            definitions.Add(new AttributeDefinition(name, type));
            values.Add(encoded.Canonical);
        }

        var schema = new CredentialSchema(typeElement.GetString()!, definitions);
        var slots = CredentialContent.Slots(schema, values);
        var signature = keyring.Sign(CredentialContent.Message(slots, expiresOn));
        var content = new CredentialContent(subject, values, signature.R8.X.ToString(), signature.R8.Y.ToString(), signature.S.ToString());
        var id = Guid.NewGuid();
        byte[] plaintext = content.ToUtf8();
        byte[] sealedContent;
        try
        {
            sealedContent = secrets.Attributes.Seal(plaintext, Owner(id));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
        var stored = new StoredCredential(id, schema.Type, schema.ToJson().ToJsonString(), keyring.Active.Id, clock.GetUtcNow(), expiresOn, null, sealedContent);
        await store.AddAsync(stored, cancellationToken);
        return (stored, content);
    }

    /// <summary>The sealed part of a stored credential; a box that does not open is a server fault (another secret, or damage).</summary>
    public CredentialContent Open(StoredCredential credential)
    {
        byte[] plaintext = secrets.Attributes.TryOpen(credential.Sealed, Owner(credential.Id))
            ?? throw new CryptographicException($"credential {credential.Id} does not open with the configured secret");
        try
        {
            return CredentialContent.FromUtf8(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public static BigInteger[] SlotsOf(StoredCredential credential, CredentialContent content) =>
        CredentialContent.Slots(CredentialSchema.Parse(credential.SchemaJson), content.Values);

    private static string Owner(Guid id) => $"credential:{id:D}";

    /// <summary>A request the issuer refuses (the endpoint answers it as a 400 naming the field).</summary>
    private static CredentialRefusalException Invalid(string field, string message) => CredentialRefusalException.Invalid(field, message);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
