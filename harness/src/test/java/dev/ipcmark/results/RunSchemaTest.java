package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ipcmark.scenario.Metric;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas/run.schema.json}, the JSON Schema of run.json that other tools read runs by, is generated from the
 * typed run record ({@link RunRecord}) and must match it; the golden run.json written by the real writer validates
 * against it. {@code -Dipcmark.writeGolden=DIR} rewrites the schema after a deliberate change of format (DIR is
 * ignored: the schema lives at the repository's root).
 */
public class RunSchemaTest {
    static final Path SCHEMA = Path.of(System.getProperty("ipcmark.root", ".."), "schemas", "run.schema.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The schema of {@link RunRecord} as this build's record types define it. */
    static String generated() throws IOException {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS);
        // Primitive components are always written; the rest only when present (NON_NULL).
        config.forFields().withRequiredCheck(field -> field.getType().isPrimitive());
        config.forFields().withEnumResolver(field -> {
            Class<?> owner = field.getDeclaringType().getErasedType();
            return switch (field.getName()) {
                case "pattern" -> owner == RunRecord.CaseRecord.class ? Pattern.ids() : null;
                case "transport" -> owner == RunRecord.CaseRecord.class ? TransportKind.ids() : null;
                case "state" -> owner == RunRecord.class ? RunRecord.STATES : null;
                case "status" ->
                    owner == RunRecord.CaseRecord.class
                            ? Arrays.stream(CaseResult.Status.values())
                                    .map(CaseResult.Status::id)
                                    .toList()
                            : null;
                default -> null;
            };
        });
        // Samples are written as an object of series (@JsonValue): one per gated metric, and the means.
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            if (type.getErasedType() != RunRecord.SamplesRecord.class) {
                return null;
            }
            ObjectNode node = context.getGeneratorConfig().createObjectNode().put("type", "object");
            ObjectNode properties = node.putObject("properties");
            List<String> fields = new ArrayList<>(
                    Arrays.stream(Metric.values()).map(Metric::samplesField).toList());
            fields.add(RunRecord.SamplesRecord.MEAN_NS);
            fields.add(RunRecord.SamplesRecord.KERNEL_ENTRY_NS);
            fields.add(RunRecord.SamplesRecord.CACHE_LINE_NS);
            for (String field : fields) {
                properties
                        .putObject(field)
                        .put("type", "array")
                        .putObject("items")
                        .put("type", "array")
                        .putObject("items")
                        .put("type", "number");
            }
            node.put("additionalProperties", false);
            return new CustomDefinition(node);
        });
        config.forTypesInGeneral()
                .withTitleResolver(scope -> scope.getType().getErasedType() == RunRecord.class
                        ? "ipcmark run.json, format " + RunRecord.FORMAT_VERSION
                        : null);
        JsonNode schema = new SchemaGenerator(config.build()).generateSchema(RunRecord.class);
        return JSON.writeValueAsString(schema) + "\n";
    }

    @Test
    void shouldKeepTheCommittedSchemaInStepWithTheRunRecord() throws IOException {
        String schema = generated();
        if (System.getProperty("ipcmark.writeGolden") != null) {
            Files.writeString(SCHEMA, schema);
        }
        assertThat(Files.readString(SCHEMA, StandardCharsets.UTF_8))
                .as("schemas/run.schema.json is stale: rerun with -Dipcmark.writeGolden=x")
                .isEqualTo(schema);
    }

    @Test
    void shouldValidateTheRunJsonTheWriterMakes() throws IOException {
        assertThat(violations(GoldenOutputsTest.runJson())).isEmpty();
    }

    @Test
    void shouldRejectARunJsonWithAFieldTheRecordDoesNotHave() throws IOException {
        String tampered = GoldenOutputsTest.runJson().replaceFirst("\\{", "{\n  \"surprise\" : 1,");
        assertThat(violations(tampered)).isNotEmpty();
    }

    /** What the committed schema finds wrong with {@code json}. */
    public static Set<ValidationMessage> violations(String json) throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(SCHEMA, StandardCharsets.UTF_8));
        return schema.validate(JSON.readTree(json));
    }
}
