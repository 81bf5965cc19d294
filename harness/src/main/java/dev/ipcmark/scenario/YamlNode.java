package dev.ipcmark.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line and column, so validation can point at the exact
 * value. Jackson's tree model drops locations, hence this small tree built from Jackson's YAML token stream.
 */
sealed interface YamlNode {
    /** Where the node starts: {@code source:line:column}. */
    String where();

    /** A scalar; {@code text} is null for YAML null. */
    record Scalar(String text, JsonToken token, String where) implements YamlNode {}

    /** A list. */
    record Sequence(List<YamlNode> items, String where) implements YamlNode {}

    /** A mapping in file order; each key keeps its own location. */
    record Mapping(Map<String, Field> fields, String where) implements YamlNode {}

    /** One key of a mapping with its value. */
    record Field(String key, String keyWhere, YamlNode value) {}

    /** How deep a scenario's mappings and lists may nest; the deepest real one is four levels. */
    int MAX_DEPTH = 16;

    /** Parses {@code text}, which must hold exactly one YAML document; {@code source} names it in locations. */
    static YamlNode parse(String text, String source) {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScenarioException(source + ":1:1", "the file is empty");
            }
            YamlNode document = read(parser, source, 1);
            // Jackson reads further documents as further root values; a scenario that silently lost them would run
            // something other than what its file says.
            if (parser.nextToken() != null) {
                throw new ScenarioException(
                        at(source, parser.currentTokenLocation()),
                        "a second YAML document starts here; a scenario file holds exactly one (remove the '---' line"
                                + " or split the file)");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw new ScenarioException(
                    at(source, e.getLocation()), "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScenarioException(source, "cannot read: " + e.getMessage());
        }
    }

    private static YamlNode read(JsonParser p, String source, int depth) throws IOException {
        String where = at(source, p.currentTokenLocation());
        JsonToken token = p.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
            throw new ScenarioException(
                    where, "nested deeper than " + MAX_DEPTH + " levels; a scenario is at most a few levels deep");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Field> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String keyWhere = at(source, p.currentTokenLocation());
                    p.nextToken();
                    if (fields.containsKey(key)) {
                        throw new ScenarioException(keyWhere, "duplicate key '" + key + "'");
                    }
                    fields.put(key, new Field(key, keyWhere, read(p, source, depth + 1)));
                }
                return new Mapping(fields, where);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, source, depth + 1));
                }
                return new Sequence(items, where);
            }
            case VALUE_NULL -> {
                return new Scalar(null, token, where);
            }
            default -> {
                return new Scalar(p.getText(), token, where);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String at(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source;
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }
}
