namespace OrleansKombo.Assessment;

/// <summary>What an integration's package set says about one ordered package id.</summary>
[GenerateSerializer, Immutable]
public sealed record PackageLookup(PackageOffer Offer, AssessmentPackage? Package);
