package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaCompatibilityTest {
  private static final List<Class<?>> TOPIC_RECORDS =
      List.of(
          AccessEvent.class,
          SessionCommand.class,
          RiskDecision.class,
          DeadLetter.class,
          Label.class,
          EnforcementOutcome.class,
          ExchangeSignal.class,
          SecurityCase.class);

  @TestFactory
  Stream<DynamicTest> everyTopicSchemaStaysCompatibleWithEveryKeptVersion() throws Exception {
    Path history = resource("schema-history");
    List<Path> versions;
    try (Stream<Path> dirs = Files.list(history)) {
      // v10 after v9: by number, not by text
      versions =
          dirs.filter(Files::isDirectory)
              .sorted(
                  java.util.Comparator.comparingInt(
                      d -> Integer.parseInt(d.getFileName().toString().substring(1))))
              .toList();
    }
    assertThat(versions).as("kept versions under schema-history").isNotEmpty();
    Path newest = versions.get(versions.size() - 1);
    return versions.stream()
        .flatMap(
            dir -> {
              Map<String, Schema> old = SchemaEvolution.parseVersion(dir);
              // A topic added in a later version (Label in v3) has nothing to be compatible with
              // in older ones; the newest kept version must hold every topic's schema.
              return TOPIC_RECORDS.stream()
                  .filter(
                      type ->
                          dir.equals(newest)
                              || old.containsKey(SpecificData.get().getSchema(type).getFullName()))
                  .map(
                      type ->
                          DynamicTest.dynamicTest(
                              type.getSimpleName() + " vs " + dir.getFileName(),
                              () -> {
                                Schema current = SpecificData.get().getSchema(type);
                                Schema previous = old.get(current.getFullName());
                                assertThat(previous)
                                    .as("%s is kept in %s", current.getFullName(), dir)
                                    .isNotNull();
                                assertThat(SchemaEvolution.problems(current, previous)).isEmpty();
                              }));
            });
  }

  @Test
  void addingARequiredFieldWithoutDefaultIsCaught() {
    Schema current = AccessEvent.getClassSchema();
    Schema withRequiredField = addField(current, "riskTier", false);

    List<String> problems = SchemaEvolution.problems(withRequiredField, current);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains("backward").contains("riskTier");
  }

  @Test
  void addingAnOptionalFieldWithDefaultIsAccepted() {
    Schema current = AccessEvent.getClassSchema();

    assertThat(SchemaEvolution.problems(addField(current, "riskTier", true), current)).isEmpty();
  }

  @Test
  void removingAFieldWithoutDefaultIsCaught() {
    Schema current = AccessEvent.getClassSchema();
    // The old schema has sessionId without a default; a new writer that drops it breaks old
    // readers.
    Schema withoutSession = withoutField(current, "sessionId");

    assertThat(SchemaEvolution.problems(withoutSession, current))
        .anySatisfy(p -> assertThat(p).contains("forward").contains("sessionId"));
  }

  private static Schema addField(Schema base, String name, boolean withDefault) {
    List<Schema.Field> fields = copyFields(base, null);
    Schema string = Schema.create(Schema.Type.STRING);
    fields.add(
        withDefault
            ? new Schema.Field(
                name,
                Schema.createUnion(Schema.create(Schema.Type.NULL), string),
                null,
                Schema.Field.NULL_DEFAULT_VALUE)
            : new Schema.Field(name, string));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  private static Schema withoutField(Schema base, String dropped) {
    return Schema.createRecord(
        base.getName(), base.getDoc(), base.getNamespace(), false, copyFields(base, dropped));
  }

  /** Fields cannot be shared between schemas, so each is copied. */
  private static List<Schema.Field> copyFields(Schema base, String except) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      if (!f.name().equals(except)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return fields;
  }

  private static Path resource(String name) throws URISyntaxException, IOException {
    return Path.of(SchemaCompatibilityTest.class.getClassLoader().getResource(name).toURI());
  }
}
