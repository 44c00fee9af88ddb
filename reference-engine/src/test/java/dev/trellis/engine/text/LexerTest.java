package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

  @Test
  void nestsListsAndSkipsComments() {
    List<SExpr> f = Lexer.parse("(module ;; line\n (; block (; nested ;) ;) (func $f (param i32)))");
    assertThat(f).hasSize(1);
    SExpr.SList m = (SExpr.SList) f.get(0);
    assertThat(m.head()).isEqualTo("module");
    SExpr.SList func = (SExpr.SList) m.get(1);
    assertThat(func.is("func")).isTrue();
    assertThat(((SExpr.Atom) func.get(1)).token().kind()).isEqualTo(Token.Kind.ID);
    assertThat(func.pos()).isEqualTo(new Pos(2, 27, 42));
  }

  @Test
  void classifiesTokens() {
    List<SExpr> f = Lexer.parse("i32.add $x 0x1_0 -1.5e3 nan:0x7f inf offset=4 \"a\\n\\41\\u{263a}\" $\"q u\" 1x");
    assertThat(f).extracting(e -> ((SExpr.Atom) e).token().kind()).containsExactly(
        Token.Kind.KEYWORD, Token.Kind.ID, Token.Kind.NUMBER, Token.Kind.NUMBER, Token.Kind.NUMBER,
        Token.Kind.NUMBER, Token.Kind.KEYWORD, Token.Kind.STRING, Token.Kind.ID, Token.Kind.RESERVED);
    Token s = ((SExpr.Atom) f.get(7)).token();
    assertThat(new String(s.bytes(), StandardCharsets.UTF_8)).isEqualTo("a\nA☺");
    assertThat(((SExpr.Atom) f.get(8)).token().idName()).isEqualTo("q u");
  }

  @Test
  void annotationsAreListsWithTheirName() {
    SExpr.SList l = (SExpr.SList) Lexer.parse("(@custom \"name\" (after code) \"x\")").get(0);
    assertThat(l.annotation()).isEqualTo("custom");
    assertThat(l.items()).hasSize(3);
  }

  @Test
  void reportsPositions() {
    assertThatThrownBy(() -> Lexer.parse("(module\n  (func \"unterminated", "a.wat"))
        .isInstanceOf(TextException.class)
        .hasMessageStartingWith("a.wat:2:9: unterminated string");
    assertThatThrownBy(() -> Lexer.parse("(a (b)"))
        .isInstanceOf(TextException.class)
        .hasMessageContaining("1:1: unclosed");
    assertThatThrownBy(() -> Lexer.parse("\"bad \\q\""))
        .isInstanceOf(TextException.class)
        .hasMessageContaining("malformed string escape");
  }
}
