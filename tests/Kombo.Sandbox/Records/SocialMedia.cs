namespace Kombo.Sandbox.Records;

public sealed record SocialMedia(string? Link, string? Type, string? Username);
