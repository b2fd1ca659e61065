using System.Net;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 7. Private inputs never reach the logs, the database or the Redis cache.
public sealed partial class MainHostTests
{
    // Public: may be stored and logged.
    private const string PrivacyInstitution = "2718281828459045235360287471352662497757247093699959574966967627724076630";

    private static string PrivateAsset(int proof, int i) => $"73019462851730{proof}{i:D4}";      // 19 digits, < 2^64

    private static string PrivateLiability(int proof, int i) => $"39028174650918{proof}{i:D4}";  // smaller than every asset

    private static string PrivateSalt(int proof) => $"161803398874989484820458683436563811772030917980576286213544862270526046{proof}";

    [Fact]
    public async Task Private_inputs_appear_in_no_log_table_or_cache_entry()
    {
        main.Redis.Start(); // no-op unless another test left it stopped
        var secrets = new List<string>();
        var proofIds = new List<string>();
        for (int proof = 1; proof <= 3; proof++)
        {
            var assets = Enumerable.Range(0, 8).Select(i => PrivateAsset(proof, i)).ToArray();
            var liabilities = Enumerable.Range(0, 8).Select(i => PrivateLiability(proof, i)).ToArray();
            secrets.AddRange(assets);
            secrets.AddRange(liabilities);
            secrets.Add(PrivateSalt(proof));
            var job = await Api.ProveAsync(Http, Solvency.Id, Solvency.Inputs(assets, liabilities, PrivateSalt(proof), PrivacyInstitution));
            proofIds.Add(job.GetProperty("proof_id").GetString()!);
            ProblemAssert.NoSecrets(await Api.GetAsync(Http, $"/proofs/{proofIds[^1]}"), [.. secrets]);
        }

        // Inputs the circuit refuses (liabilities above assets): the failure, its message and its record hold no value either.
        var poorAssets = Enumerable.Range(0, 8).Select(i => $"40040040040040{i:D5}").ToArray();
        var richLiabilities = Enumerable.Range(0, 8).Select(i => $"90090090090090{i:D5}").ToArray();
        const string poorSalt = "577215664901532860606512090082402431042159335939923598805767234884867726";
        var refused = await Api.GenerateAsync(Http, Solvency.Id, Solvency.Inputs(poorAssets, richLiabilities, poorSalt, PrivacyInstitution));
        var failedId = await FailedProofIdAsync(refused);
        secrets.AddRange(poorAssets);
        secrets.AddRange(richLiabilities);
        secrets.Add(poorSalt);
        ProblemAssert.NoSecrets(refused, [.. secrets]);

        // Inputs the schema refuses.
        const string tooWide = "98765432109876543210987";
        var invalid = await Api.GenerateAsync(Http, Solvency.Id, Solvency.Inputs([tooWide, .. poorAssets[1..]], richLiabilities, poorSalt, PrivacyInstitution));
        ProblemAssert.Problem(invalid, HttpStatusCode.BadRequest, "inputs.assets[0]", [.. secrets, tooWide]);
        secrets.Add(tooWide);

        // Reads fill the cache.
        foreach (string id in proofIds.Append(failedId))
        {
            var got = await Api.GetAsync(Http, $"/proofs/{id}");
            Assert.True(got.Status == HttpStatusCode.OK, $"GET /proofs/{id}: {got}");
        }
        await Task.Delay(500); // log lines are written asynchronously

        string logs = main.Host.Output;
        foreach (string id in proofIds)
        {
            Assert.True(logs.Contains(id, StringComparison.Ordinal), $"the captured log does not mention proof {id}; is it the host's output?");
        }
        string database = await StoredData.DumpDatabaseAsync(main.Database.ConnectionString);
        Assert.True(proofIds.All(id => database.Contains(id, StringComparison.Ordinal)), $"the database dump holds none of the proofs; tables: {string.Join(", ", StoredData.Tables(database))}");
        Assert.Contains(PrivacyInstitution, database, StringComparison.Ordinal); // public signal: stored with the proof
        string redis = StoredData.DumpRedis(main.Redis.Port);
        Assert.True(proofIds.Any(id => redis.Contains(id.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal) || redis.Contains(id, StringComparison.Ordinal)),
            $"Redis holds none of the proofs just read (is the cache used?):\n{(redis.Length > 2000 ? redis[..2000] : redis)}");

        var leaks = new List<string>();
        foreach (string secret in secrets.Distinct())
        {
            if (logs.Contains(secret, StringComparison.Ordinal))
            {
                leaks.Add($"log: {secret} in line: {logs.Split('\n').First(l => l.Contains(secret, StringComparison.Ordinal))}");
            }
            if (database.Contains(secret, StringComparison.Ordinal) || database.Contains(StoredData.Hex(secret), StringComparison.Ordinal))
            {
                leaks.Add($"database: {secret} in row: {database.Split('\n').First(l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(StoredData.Hex(secret), StringComparison.Ordinal))[..Math.Min(400, database.Length)]}");
            }
            if (redis.Contains(secret, StringComparison.Ordinal))
            {
                leaks.Add($"redis: {secret} in: {redis.Split('\n').First(l => l.Contains(secret, StringComparison.Ordinal))}");
            }
        }
        Assert.True(leaks.Count == 0, "private inputs were found:\n" + string.Join("\n", leaks));
    }

    /// <summary>The circuit refuses the inputs: 422 (or the job fails after a 202); returns the failed proof's id.</summary>
    private async Task<string> FailedProofIdAsync(Reply reply)
    {
        if (reply.Status == HttpStatusCode.Accepted)
        {
            string id = reply.String("proof_id")!;
            var job = await Api.WaitForProofAsync(Http, id, TimeSpan.FromSeconds(60));
            Assert.Equal("failed", job.GetProperty("status").GetString());
            return id;
        }
        var problem = ProblemAssert.Problem(reply, HttpStatusCode.UnprocessableEntity, "inputs");
        var match = System.Text.RegularExpressions.Regex.Match(problem.GetProperty("detail").GetString() ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        Assert.True(match.Success, $"the problem names no proof id: {reply}");
        return match.Value;
    }
}
