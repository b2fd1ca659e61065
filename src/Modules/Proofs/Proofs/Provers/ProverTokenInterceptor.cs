using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// Refuses, in a prover process, every call that does not carry the token its host gave it at start (on standard input,
/// never in the environment or the command line) in the <c>authorization</c> metadata: the socket's directory is the
/// first fence, this the second.
/// </summary>
internal sealed class ProverTokenInterceptor(ProverWorkerOptions options) : Interceptor
{
    public const string MetadataKey = "authorization";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        string? presented = context.RequestHeaders.GetValue(MetadataKey);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.Token)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the prover process's token is missing or wrong"));
        }
        return continuation(request, context);
    }
}
