namespace OrleansKombo.Assessment;

/// <summary>One package the vendor offers, exactly as Kombo's <c>PUT /assessment/packages</c> takes it.</summary>
[GenerateSerializer, Immutable]
public sealed record AssessmentPackage(string Id, string Type, string Name, string Description);
