namespace Kombo.Sandbox.Assessment;

/// <summary>
/// A write the sandbox accepted: <see cref="Kind"/> is <c>result</c>, <c>result-link</c>, <c>note</c> or <c>attachment</c>;
/// <see cref="TargetId"/> the order or application id; <see cref="Body"/> the request body exactly as received.
/// </summary>
public sealed record AcceptedWrite(long Sequence, string Kind, string TargetId, string Body, DateTime At);
