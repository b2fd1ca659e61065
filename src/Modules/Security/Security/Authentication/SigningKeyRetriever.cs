using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// Fetches an identity provider's published signing keys for the <see cref="ConfigurationManager{T}"/> that caches
/// them: an OpenID Connect discovery document and the JWKS it names (JWT_AUTHORITY), or a JWKS document alone
/// (JWT_JWKS_URL, with JWT_ISSUER as the issuer). Only asymmetric keys (RSA, EC) are kept: a published symmetric key
/// would let anyone sign. JWT_ISSUER, when set, is the issuer tokens must name, in place of the discovery document's.
/// A failure is logged (naming the setting and what went wrong) and remembered until the next fetch succeeds.
/// </summary>
internal sealed class SigningKeyRetriever(string setting, bool discovery, string? configuredIssuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    /// <summary>Where fetches are logged (set when the bearer scheme's options are built).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    private volatile string? _failure;
    private volatile string? _discoveredIssuer;

    /// <summary>The setting the keys come from (JWT_AUTHORITY or JWT_JWKS_URL).</summary>
    public string Setting { get; } = setting;

    /// <summary>Why the last fetch failed, or null when it succeeded (or none was made yet).</summary>
    public string? Failure => _failure;

    /// <summary>The issuer tokens must name: JWT_ISSUER, else the last discovery document's.</summary>
    public string? Issuer => configuredIssuer ?? _discoveredIssuer;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        try
        {
            OpenIdConnectConfiguration configuration;
            if (discovery)
            {
                configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
            }
            else
            {
                var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
                configuration = new OpenIdConnectConfiguration { JwksUri = address, JsonWebKeySet = keys };
                foreach (var key in keys.GetSigningKeys())
                {
                    configuration.SigningKeys.Add(key);
                }
            }
            foreach (var symmetric in configuration.SigningKeys.OfType<SymmetricSecurityKey>().ToList())
            {
                configuration.SigningKeys.Remove(symmetric);
            }
            configuration.Issuer = configuredIssuer ?? configuration.Issuer;
            if (string.IsNullOrEmpty(configuration.Issuer))
            {
                throw new ArgumentException("the discovery document names no issuer");
            }
            if (configuration.SigningKeys.Count == 0)
            {
                throw new ArgumentException("the key set holds no RSA or EC signing key");
            }
            _discoveredIssuer = configuration.Issuer;
            _failure = null;
            Logger.LogInformation("bearer-token signing keys fetched from {Setting}: {Keys}", Setting,
                string.Join(", ", configuration.SigningKeys.Select(k => k.KeyId ?? "(no kid)")));
            return configuration;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            _failure = Describe(e);
            Logger.LogWarning("bearer-token signing keys could not be fetched from {Setting}: {Failure}", Setting, _failure);
            throw;
        }
    }

    private string Describe(Exception e) => e switch
    {
        IOException when e.Data["status_code"] is HttpStatusCode status => $"it answered {(int)status} {status}",
        IOException { InnerException: TaskCanceledException } or TaskCanceledException => "no answer in time",
        IOException { InnerException: HttpRequestException http } => $"it could not be reached ({http.HttpRequestError})",
        ArgumentException when e.Message.StartsWith("IDX20108", StringComparison.Ordinal) => "an address that is not https",
        ArgumentException { Message: var message } when !message.StartsWith("IDX", StringComparison.Ordinal) => message,
        _ => discovery ? "it did not answer an OpenID Connect discovery document with a JSON Web Key Set" : "it did not answer a JSON Web Key Set",
    };
}
