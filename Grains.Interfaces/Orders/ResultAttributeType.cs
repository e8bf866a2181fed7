namespace OrleansKombo.Orders;

public enum ResultAttributeType
{
    Text,
    SubResult,
}
