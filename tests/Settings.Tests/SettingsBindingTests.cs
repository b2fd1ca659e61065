using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Settings.Tests;

public class SettingsBindingTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ExampleSettings Read(params (string Key, string? Value)[] values) => SettingsBinding.Read<ExampleSettings>(Configuration(values));

    private static IReadOnlyList<string> Refused(params (string Key, string? Value)[] values) =>
        SettingsFailures.Of(Assert.Throws<OptionsValidationException>(() => Read(values)));

    [Fact]
    public void Unset_and_blank_settings_keep_their_defaults()
    {
        foreach (var settings in new[] { Read(), Read(("WORKERS", ""), ("ENABLED", "  "), ("LEVEL", "\t"), ("NAME", " "), ("TIMEOUT_SECONDS", "")) })
        {
            Assert.Equal((2, 4096L, TimeSpan.FromSeconds(10), true, LogLevel.Information, null), (settings.Workers, settings.UploadBytes, settings.Timeout, settings.Enabled, settings.Level, settings.Name));
        }
    }

    [Fact]
    public void Values_are_bound_by_their_configuration_key_names_and_trimmed()
    {
        var settings = Read(("WORKERS", " 50 "), ("UPLOAD_BYTES", "2147483647"), ("TIMEOUT_SECONDS", "0.5"), ("ENABLED", "false"), ("LEVEL", "debug"), ("NAME", "  hub-1 "), ("Untouched", "changed"));
        Assert.Equal((50, 2147483647L, TimeSpan.FromMilliseconds(500), false, LogLevel.Debug, "hub-1"), (settings.Workers, settings.UploadBytes, settings.Timeout, settings.Enabled, settings.Level, settings.Name));
        Assert.Equal("default", settings.Untouched);
    }

    [Theory]
    [InlineData("+8")]
    [InlineData("0x10")]
    [InlineData("#10")]
    [InlineData("2.5")]
    [InlineData("1e2")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("0")]
    [InlineData("257")]
    public void A_whole_number_that_is_malformed_or_out_of_range_is_refused_with_its_own_message(string value)
    {
        Assert.Equal(["WORKERS must be a whole number from 1 to 256"], Refused(("WORKERS", value)));
    }

    [Theory]
    [InlineData("1e1")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0.001")]
    [InlineData("3600.5")]
    [InlineData("1,5")]
    [InlineData("1..5")]
    [InlineData(".")]
    [InlineData("99999999999999999999999")]
    public void Seconds_take_a_decimal_point_only(string value)
    {
        Assert.Equal(["TIMEOUT_SECONDS must be a number of seconds from 0.01 to 3600"], Refused(("TIMEOUT_SECONDS", value)));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void Switches_take_true_false_1_0_yes_no_on_off(string value, bool expected)
    {
        Assert.Equal(expected, Read(("ENABLED", value)).Enabled);
    }

    [Fact]
    public void Other_switch_and_enumeration_values_are_refused_naming_the_setting_and_the_choices()
    {
        Assert.Equal(["ENABLED must be true or false"], Refused(("ENABLED", "sometimes")));
        Assert.Equal(["LEVEL must be one of Trace, Debug, Information, Warning, Error, Critical, None"], Refused(("LEVEL", "2")));
        Assert.Equal(["LEVEL must be one of Trace, Debug, Information, Warning, Error, Critical, None"], Refused(("LEVEL", "verbose")));
    }

    [Fact]
    public void An_address_is_an_absolute_url()
    {
        Assert.Equal(new Uri("https://idp.example/realms/hub"), Read(("ENDPOINT", " https://idp.example/realms/hub ")).Endpoint);
        Assert.Equal(["ENDPOINT must be an absolute URL"], Refused(("ENDPOINT", "idp.example/realms")));
    }

    [Fact]
    public void A_verbatim_setting_keeps_its_white_space_and_a_malformed_value_is_never_quoted()
    {
        Assert.Equal(" secret value ", Read(("TOKEN", " secret value ")).Token);
        var failures = Refused(("WORKERS", "hunter2-the-password"), ("ENABLED", "hunter2-too"));
        Assert.Equal(["WORKERS must be a whole number from 1 to 256", "ENABLED must be true or false"], failures);
        Assert.DoesNotContain(failures, f => f.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_across_settings_run_once_each_setting_is_valid()
    {
        Assert.Equal(["NAME must not be 'forbidden'"], Refused(("NAME", "forbidden")));
    }

    [Fact]
    public void Peek_keeps_the_defaults_of_malformed_values_for_registration_time_decisions()
    {
        var settings = SettingsBinding.Peek<ExampleSettings>(Configuration(("WORKERS", "many"), ("NAME", "hub"), ("UPLOAD_BYTES", "1")));
        Assert.Equal((2, "hub", 1L), (settings.Workers, settings.Name, settings.UploadBytes));
    }

    [Fact]
    public void Values_from_appsettings_json_are_used_and_a_later_source_such_as_the_environment_wins()
    {
        string directory = Directory.CreateTempSubdirectory("settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "appsettings.json"), """{ "WORKERS": 4, "ENABLED": false, "NAME": "from-json", "TIMEOUT_SECONDS": 2.5 }""");
            var configuration = new ConfigurationBuilder()
                .SetBasePath(directory)
                .AddJsonFile("appsettings.json")
                .AddInMemoryCollection([new("NAME", "from-environment")])
                .Build();
            var settings = SettingsBinding.Read<ExampleSettings>(configuration);
            Assert.Equal((4, false, "from-environment", TimeSpan.FromSeconds(2.5)), (settings.Workers, settings.Enabled, settings.Name, settings.Timeout));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Validation_at_start_reports_every_malformed_or_invalid_setting_of_every_options_class_once()
    {
        var configuration = Configuration(("WORKERS", "abc"), ("ENABLED", "maybe"), ("UPLOAD_BYTES", "12"));
        var services = new ServiceCollection();
        services.AddOptions<ExampleSettings>().BindSettings(configuration);
        services.AddOptions<ExampleSettings>().BindSettings(configuration); // a second module asking for the same settings
        services.AddOptions<OtherSettings>().BindSettings(configuration);
        services.AddOptions<OtherSettings>().PostConfigure<IOptions<ExampleSettings>>((other, example) => other.Copy = example.Value.Workers);
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(["WORKERS must be a whole number from 1 to 256", "ENABLED must be true or false"], SettingsFailures.Of(error));
    }

    [Fact]
    public void Options_set_in_code_are_validated_by_the_same_annotations()
    {
        var services = new ServiceCollection();
        services.AddOptions<ExampleSettings>().Configure(o => o.UploadBytes = 12).ValidateSettings();
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExampleSettings>>().Value);
        Assert.Equal(["UPLOAD_BYTES must be a whole number from 1024 to 2147483647"], SettingsFailures.Of(error));
    }

    [Fact]
    public void Failures_of_anything_else_are_not_settings_failures()
    {
        Assert.Empty(SettingsFailures.Of(new InvalidOperationException("something")));
    }

    public sealed class OtherSettings
    {
        public int Copy { get; set; }
    }
}
