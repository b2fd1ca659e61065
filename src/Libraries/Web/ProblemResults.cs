using Microsoft.AspNetCore.Http;

namespace CredentialHub.Web;

/// <summary>RFC 7807 problem documents with the JSON path of the field at fault in a <c>field</c> member: the one shape every module answers errors in.</summary>
public static class ProblemResults
{
    public static FieldProblem Of(int status, string title, string detail, string field, int? retryAfterSeconds = null) =>
        new(TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = field }), retryAfterSeconds);
}
