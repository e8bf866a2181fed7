namespace Kombo.Sandbox.Assessment;

/// <summary>One integration's assessment side: packages, orders and every write the sandbox accepted.</summary>
public sealed class AssessmentBook
{
    private readonly object gate = new();
    private readonly List<AssessmentPackage> packages = [];
    private readonly List<AssessmentOrder> orders = [];
    private readonly Dictionary<string, AssessmentOrder> ordersById = new(StringComparer.Ordinal);
    private readonly List<AcceptedWrite> writes = [];

    /// <summary>Added to the <c>warnings</c> of every successful write, so a client's warning handling can be tested.</summary>
    public IReadOnlyList<string> WriteWarnings { get; set; } = [];

    public IReadOnlyList<AssessmentPackage> Packages
    {
        get
        {
            lock (gate)
            {
                return packages.ToList();
            }
        }
    }

    public IReadOnlyList<AssessmentOrder> Orders
    {
        get
        {
            lock (gate)
            {
                return orders.ToList();
            }
        }
    }

    public IReadOnlyList<AcceptedWrite> Writes
    {
        get
        {
            lock (gate)
            {
                return writes.ToList();
            }
        }
    }

    /// <summary>Replaces the whole set; a package that did not change keeps its <c>updated_at</c>.</summary>
    public void ReplacePackages(IReadOnlyList<AssessmentPackage> incoming, DateTime now)
    {
        lock (gate)
        {
            var previous = packages.ToDictionary(p => p.Id);
            packages.Clear();
            foreach (var package in incoming)
            {
                packages.Add(previous.TryGetValue(package.Id, out var old) && old with { UpdatedAt = null } == package with { UpdatedAt = null }
                    ? old
                    : package with { UpdatedAt = now });
            }
        }
    }

    public AssessmentOrder AddOrder(Func<long, AssessmentOrder> create)
    {
        lock (gate)
        {
            var order = create(orders.Count + 1);
            orders.Add(order);
            ordersById.Add(order.Id, order);
            return order;
        }
    }

    public AssessmentOrder? FindOrder(string id)
    {
        lock (gate)
        {
            return ordersById.GetValueOrDefault(id);
        }
    }

    /// <summary>Stores a result if the order is still OPEN; returns why not otherwise.</summary>
    public string? SetResult(AssessmentOrder order, string status, string body, DateTime now)
    {
        lock (gate)
        {
            if (order.Status != "OPEN")
            {
                return $"The order '{order.Id}' is {order.Status}; its status can only change while it is OPEN.";
            }
            order.Status = status;
            order.ResultJson = body;
            writes.Add(new AcceptedWrite(writes.Count + 1, "result", order.Id, body, now));
            return null;
        }
    }

    public void RecordWrite(string kind, string targetId, string body, DateTime now)
    {
        lock (gate)
        {
            writes.Add(new AcceptedWrite(writes.Count + 1, kind, targetId, body, now));
        }
    }

    /// <summary>
    /// What the ATS does to an order on its own, e.g. a recruiter cancels it: Kombo lists it with <paramref name="status"/>
    /// from then on, and sends no webhook. Null for an unknown order.
    /// </summary>
    public AssessmentOrder? ChangeInAts(string orderId, string status)
    {
        if (!AssessmentOrder.Statuses.Contains(status))
        {
            throw new ArgumentException($"status must be one of {string.Join(", ", AssessmentOrder.Statuses)}, not '{status}'.", nameof(status));
        }
        if (FindOrder(orderId) is not { } order)
        {
            return null;
        }
        SetStatus(order, status);
        return order;
    }

    public void SetStatus(AssessmentOrder order, string status)
    {
        lock (gate)
        {
            order.Status = status;
        }
    }
}
