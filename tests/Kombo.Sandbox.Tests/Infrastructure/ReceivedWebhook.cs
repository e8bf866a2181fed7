using System.Text.Json;

namespace Kombo.Sandbox.Tests.Infrastructure;

public sealed record ReceivedWebhook(byte[] RawBody, string? Signature, string Id, string Type, JsonElement Data);
