namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// A list member of a request as given: its items in order, an item of another JSON type than the list holds being
/// null; or <see cref="NotAnArray"/> when the member is not a JSON array at all.
/// </summary>
public sealed class RequestList<T>(IReadOnlyList<T?>? items) where T : class
{
    /// <summary>The member was given, as something else than an array.</summary>
    public static RequestList<T> NotAnArray { get; } = new(null);

    /// <summary>The items, or null when the member is not an array.</summary>
    public IReadOnlyList<T?>? Items { get; } = items;
}
