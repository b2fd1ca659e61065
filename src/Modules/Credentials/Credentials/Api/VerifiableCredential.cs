using System.Text.Json.Nodes;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Storage;

namespace CredentialHub.Credentials.Api;

/// <summary>
/// A stored credential in the W3C Verifiable Credentials Data Model 2.0 shape. The subject, the attribute values
/// and the signature appear only when <c>withPlaintext</c> (the caller holds credentials:read); otherwise
/// <c>credentialSubject</c> is empty and the schema (names and types, no values) says what it holds.
/// </summary>
internal static class VerifiableCredential
{
    public const string Context = "https://www.w3.org/ns/credentials/v2";

    public static JsonObject Render(StoredCredential credential, IssuerKey? key, CredentialContent? plaintext)
    {
        var schema = CredentialSchema.Parse(credential.SchemaJson);
        string issuerId = $"urn:credentialhub:issuer:{credential.IssuerKeyId:D}";
        var issuer = new JsonObject { ["id"] = issuerId };
        if (key is not null)
        {
            issuer["publicKey"] = new JsonObject { ["type"] = "BabyJubJubEdDSAPoseidon", ["x"] = key.X, ["y"] = key.Y };
        }
        var subject = new JsonObject();
        if (plaintext is not null)
        {
            subject["id"] = plaintext.Subject;
            for (int i = 0; i < schema.Attributes.Count; i++)
            {
                subject[schema.Attributes[i].Name] = plaintext.Values[i].DeepClone();
            }
        }
        var status = new JsonObject
        {
            ["id"] = $"urn:uuid:{credential.Id:D}#status",
            ["type"] = "CredentialHubRevocationStatus",
            ["revoked"] = credential.RevokedAt is not null,
        };
        if (credential.RevokedAt is { } revokedAt)
        {
            status["revokedAt"] = revokedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        }
        var vc = new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["id"] = $"urn:uuid:{credential.Id:D}",
            ["type"] = new JsonArray("VerifiableCredential", schema.Type),
            ["issuer"] = issuer,
            ["validFrom"] = credential.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["validUntil"] = $"{AttributeEncoding.FormatDate(credential.ExpiresOn)}T23:59:59Z",
            ["credentialSubject"] = subject,
            ["credentialSchema"] = new JsonObject
            {
                ["id"] = $"urn:credentialhub:schema:{schema.Digest()}",
                ["type"] = "CredentialHubAttributeSchema",
                ["attributes"] = new JsonArray([.. schema.Attributes.Select((a, slot) => (JsonNode)new JsonObject
                {
                    ["name"] = a.Name,
                    ["type"] = AttributeEncoding.Name(a.Type),
                    ["slot"] = slot,
                })]),
            },
            ["credentialStatus"] = status,
        };
        if (plaintext is not null)
        {
            vc["proof"] = new JsonObject
            {
                ["type"] = "CredentialHubEdDSAPoseidon",
                ["verificationMethod"] = issuerId,
                ["message"] = "Poseidon(Poseidon(slots[0..15]), expires_at)",
                ["proofValue"] = new JsonObject { ["r8x"] = plaintext.R8x, ["r8y"] = plaintext.R8y, ["s"] = plaintext.S },
            };
        }
        return vc;
    }
}
