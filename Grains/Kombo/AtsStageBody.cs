namespace OrleansKombo.Grains.Kombo;

/// <summary>The body of <c>PUT /ats/applications/{id}/stage</c>: Kombo's id of a stage allowed for the application's job.</summary>
public sealed record AtsStageBody(string StageId);
