namespace Kombo.Sandbox.Records;

public sealed class TagRef(TagRecord tag)
{
    public string Id => tag.Id;

    public string? RemoteId => tag.RemoteId;

    public string? Name => tag.Name;
}
