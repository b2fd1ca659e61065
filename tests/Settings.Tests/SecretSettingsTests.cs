using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Settings.Tests;

public class SecretSettingsTests
{
    private const string GoodSecret = "Zq8v1LrT4m9XbN2cY7pK0sWd3Fh6Gj5Ae";

    private static ServiceProvider Provider(params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return new ServiceCollection().AddSecretSettings(configuration).AddSecretSettings(configuration).BuildServiceProvider();
    }

    private static byte[]? Secret(params (string Key, string? Value)[] values)
    {
        using var provider = Provider(values);
        return provider.GetRequiredService<IOptions<SecretSettings>>().Value.Secret;
    }

    private static IReadOnlyList<string> Refused(params (string Key, string? Value)[] values)
    {
        using var provider = Provider(values);
        return SettingsFailures.Of(Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate()));
    }

    [Fact]
    public void No_secret_is_null_and_SECRET_KEY_is_its_UTF8_bytes_untrimmed()
    {
        Assert.Null(Secret());
        Assert.Null(Secret(("SECRET_KEY", "")));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), Secret(("SECRET_KEY", GoodSecret)));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret + " "), Secret(("SECRET_KEY", GoodSecret + " ")));
    }

    [Fact]
    public void A_key_file_is_read_once_without_its_trailing_white_space()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, GoodSecret + " \r\n");
            using var provider = Provider(("SECRET_KEY_FILE", file));
            var settings = provider.GetRequiredService<IOptions<SecretSettings>>().Value;
            File.Delete(file);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), settings.Secret);
            Assert.Same(settings, provider.GetRequiredService<IOptions<SecretSettings>>().Value);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Refusals_name_the_setting_and_never_quote_the_secret()
    {
        Assert.Equal(["SECRET_KEY_FILE and SECRET_KEY are both set: give one"], Refused(("SECRET_KEY", GoodSecret), ("SECRET_KEY_FILE", "/nonexistent")));
        var shortKey = Assert.Single(Refused(("SECRET_KEY", "short-k3y-Zq8v1")));
        Assert.StartsWith("SECRET_KEY is too short", shortKey, StringComparison.Ordinal);
        Assert.DoesNotContain("short-k3y", shortKey, StringComparison.Ordinal);
        Assert.StartsWith("SECRET_KEY looks like a placeholder", Assert.Single(Refused(("SECRET_KEY", "changeme-changeme-changeme-changeme-1"))), StringComparison.Ordinal);
        Assert.Equal(["SECRET_KEY_FILE cannot be read (FileNotFoundException)"], Refused(("SECRET_KEY_FILE", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"))));
    }
}
