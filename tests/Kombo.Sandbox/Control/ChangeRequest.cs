namespace Kombo.Sandbox.Control;

/// <summary>The body of every <c>/sandbox/integrations/{id}/changes/*</c> call; each route reads the fields it needs.</summary>
public sealed record ChangeRequest
{
    /// <summary><c>jobs</c>, <c>candidates</c>, <c>applications</c>, <c>users</c>, <c>tags</c> or <c>application-stages</c>.</summary>
    public string? Model { get; init; }

    /// <summary>How many random live records, when <see cref="Ids"/> is not given.</summary>
    public int Count { get; init; } = 1;

    public IReadOnlyList<string>? Ids { get; init; }

    /// <summary>For <c>job-status</c>: OPEN, CLOSED, ARCHIVED, DRAFT or any raw string.</summary>
    public string? Status { get; init; }

    /// <summary>For <c>move-applications</c>: the target stage; default is each application's next stage.</summary>
    public string? StageId { get; init; }

    /// <summary>For <c>job-stages</c>.</summary>
    public string? JobId { get; init; }

    /// <summary>For <c>job-stages</c>: add, remove or rename.</summary>
    public string? Action { get; init; }

    /// <summary>For <c>tag-candidates</c>: the tag to add or remove; default a random one.</summary>
    public string? TagId { get; init; }

    public bool Remove { get; init; }

    /// <summary>For <c>anonymise</c>: default the sandbox's <see cref="SandboxOptions.AnonymiseAfter"/>.</summary>
    public double? OlderThanSeconds { get; init; }
}
