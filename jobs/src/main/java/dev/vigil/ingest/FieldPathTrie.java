package dev.vigil.ingest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves JSON keys to {@link EcsField}s whether a log shipper nests them ({@code
 * {"source":{"ip":..}}}), dots them ({@code "source.ip"}) or mixes both ({@code
 * {"source":{"geo.country_iso_code":..}}}), without building a path string per key.
 *
 * <p>Each node stands for a path prefix and maps every dotted run of consecutive segments that can
 * follow it to the node or field that run reaches: the root maps {@code "source"}, {@code
 * "source.geo"} and {@code "source.geo.location.lat"}; node {@code source} maps {@code "ip"} and
 * {@code "geo.location"}. Jackson canonicalises field names, so a lookup hashes an already-hashed
 * String and allocates nothing. Built once; immutable and shared by all parsers.
 */
final class FieldPathTrie {

  /** A path prefix that is an object in ECS, such as {@code source.geo}. */
  static final class Node {
    /** ECS path of this object, "" for the record itself. */
    final String path;

    /** Values are {@link Node} or {@link EcsField}. */
    private final Map<String, Object> next = new HashMap<>();

    Node(String path) {
      this.path = path;
    }

    /** The {@link Node} or {@link EcsField} that key leads to from here, or null if unknown. */
    Object child(String key) {
      return next.get(key);
    }
  }

  static final Node ROOT = build();

  private FieldPathTrie() {}

  private static Node build() {
    Map<String, Node> nodes = new HashMap<>();
    Node root = new Node("");
    nodes.put("", root);
    for (EcsField field : EcsField.ALL) {
      List<String> segments = Arrays.asList(field.ecsName.split("\\."));
      for (int from = 0; from < segments.size(); from++) {
        Node start = nodes.get(String.join(".", segments.subList(0, from)));
        for (int to = from + 1; to <= segments.size(); to++) {
          String run = String.join(".", segments.subList(from, to));
          Object target;
          if (to == segments.size()) {
            target = field;
          } else {
            String prefix = String.join(".", segments.subList(0, to));
            target = nodes.computeIfAbsent(prefix, Node::new);
          }
          Object previous = start.next.putIfAbsent(run, target);
          if (previous != null && previous != target) {
            throw new IllegalStateException("ECS path " + run + " is both a field and an object");
          }
        }
      }
    }
    return root;
  }
}
