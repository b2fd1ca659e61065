using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>The shipped solvency circuit's artifacts, for uploads and tampered copies.</summary>
internal static class CircuitFiles
{
    internal static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(HostProcess.SolvencyDirectory, file));

    /// <summary>A file of the shipped selective-disclosure circuit.</summary>
    internal static byte[] ReadDisclosure(string file) => File.ReadAllBytes(Path.Combine(HostProcess.CircuitsDirectory, "selective-disclosure", file));

    /// <summary>solvency's circuit.json with another id.</summary>
    internal static byte[] ConfigurationWithId(string id)
    {
        var configuration = JsonNode.Parse(Read("circuit.json"))!.AsObject();
        configuration["id"] = id;
        return System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString());
    }

    /// <summary>
    /// A multipart upload (POST /circuits) of solvency's artifacts under another id, optionally with another verification
    /// key; with its r1cs, which a production circuit's upload must carry (its key is checked against it and the ptau).
    /// </summary>
    internal static MultipartFormDataContent Upload(string id, byte[]? verificationKey = null) =>
        Upload(ConfigurationWithId(id), Read("circuit.wasm"), Read("circuit_final.zkey"), verificationKey ?? Read("verification_key.json"), Read("circuit.r1cs"));

    /// <summary>
    /// solvency's circuit.json with another id at the development level (no ptau): its key is not checked against a
    /// ceremony, so a key damaged in ways only a proof reveals is loaded.
    /// </summary>
    internal static byte[] DevelopmentConfigurationWithId(string id)
    {
        var configuration = JsonNode.Parse(Read("circuit.json"))!.AsObject();
        configuration["id"] = id;
        configuration["security_level"] = "development";
        configuration.Remove("ptau_file");
        configuration.Remove("ptau_blake2b512");
        return System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString());
    }

    /// <summary>Writes a circuit folder's SHA256SUMS anew over every file in it but SHA256SUMS (as an operator does after a change).</summary>
    internal static void RewriteSums(string folder) =>
        File.WriteAllLines(Path.Combine(folder, "SHA256SUMS"), Directory.GetFiles(folder)
            .Select(Path.GetFileName).Where(name => name != "SHA256SUMS").Order(StringComparer.Ordinal)
            .Select(name => $"{Sha256(File.ReadAllBytes(Path.Combine(folder, name!)))}  {name}"));

    /// <summary>A multipart upload of the given parts; a null part is left out.</summary>
    internal static MultipartFormDataContent Upload(byte[]? configuration, byte[]? wasm, byte[]? zkey, byte[]? verificationKey, byte[]? r1cs = null)
    {
        var form = new MultipartFormDataContent();
        if (configuration is not null)
        {
            Add(form, "configuration", "circuit.json", configuration, "application/json");
        }
        if (wasm is not null)
        {
            Add(form, "wasm", "circuit.wasm", wasm, "application/wasm");
        }
        if (zkey is not null)
        {
            Add(form, "zkey", "circuit_final.zkey", zkey, "application/octet-stream");
        }
        if (verificationKey is not null)
        {
            Add(form, "vkey", "verification_key.json", verificationKey, "application/json");
        }
        if (r1cs is not null)
        {
            Add(form, "r1cs", "circuit.r1cs", r1cs, "application/octet-stream");
        }
        return form;
    }

    private static void Add(MultipartFormDataContent form, string name, string fileName, byte[] bytes, string mediaType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(part, name, fileName);
    }

    /// <summary>Copies circuits/solvency into <paramref name="folder"/>.</summary>
    internal static void CopySolvency(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(HostProcess.SolvencyDirectory))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
