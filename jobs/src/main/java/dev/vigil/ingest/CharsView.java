package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A reusable window on Jackson's text buffer, so short values are read without a String. Valid only
 * until the parser's next token.
 */
final class CharsView implements CharSequence {
  private char[] buffer;
  private int offset;
  private int length;

  CharsView of(JsonParser p) throws IOException {
    buffer = p.getTextCharacters();
    offset = p.getTextOffset();
    length = p.getTextLength();
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return buffer[offset + index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return new String(buffer, offset, length);
  }
}
