namespace OrleansKombo.Grains.Kombo;

/// <summary>The body of <c>POST /ats/applications/{id}/notes</c>; Kombo takes only <c>PLAIN_TEXT</c>.</summary>
public sealed record AtsNoteBody(string Content)
{
    public string ContentType => "PLAIN_TEXT";
}
