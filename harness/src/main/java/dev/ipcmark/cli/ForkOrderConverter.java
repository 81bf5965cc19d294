package dev.ipcmark.cli;

import dev.ipcmark.scenario.ForkOrder;
import dev.ipcmark.scenario.Identified;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --order rmit|sequential}. */
final class ForkOrderConverter implements ITypeConverter<ForkOrder> {
    @Override
    public ForkOrder convert(String value) {
        return Identified.byId(ForkOrder.class, value)
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not an order; allowed: "
                        + String.join(", ", Identified.ids(ForkOrder.class))));
    }
}
