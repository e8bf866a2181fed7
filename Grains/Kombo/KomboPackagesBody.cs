using OrleansKombo.Assessment;

namespace OrleansKombo.Grains.Kombo;

/// <summary>The body of <c>PUT /assessment/packages</c>: always the whole set.</summary>
public sealed record KomboPackagesBody(IReadOnlyList<AssessmentPackage> Packages);
