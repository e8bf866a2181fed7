namespace Kombo.Sandbox.Control;

/// <summary>A control request that cannot be carried out; the control API answers it with <see cref="Status"/>.</summary>
public sealed class ControlException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ControlException NotFound(string what) => new(404, what + " not found");

    public static ControlException Invalid(string message) => new(400, message);
}
