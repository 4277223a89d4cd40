using NetGeometry.Experiments;
using NetGeometry.Training;

namespace NetGeometry.Tests.Experiments;

public sealed class MetricsCsvTests
{
    [Fact]
    public void WritesOneLinePerMetricInRoundTripInvariantFormat()
    {
        var writer = new StringWriter();
        MetricsCsv.Write(writer,
        [
            new Metric(0, "loss", null, 0.1 + 0.2),
            new Metric(10, "weight_change", "layer1", -1.5e-300),
            new Metric(20, "loss", null, double.NaN),
            new Metric(30, "loss", null, double.NegativeInfinity),
            new Metric(40, "odd, \"name\"", "a\nb", 1e21),
        ]);

        Assert.Equal(
            "step,name,layer,value\n" +
            "0,loss,,0.30000000000000004\n" +
            "10,weight_change,layer1,-1.5E-300\n" +
            "20,loss,,NaN\n" +
            "30,loss,,-Infinity\n" +
            "40,\"odd, \"\"name\"\"\",\"a\nb\",1E+21\n",
            writer.ToString());
    }
}
