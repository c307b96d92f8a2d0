fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let p = leakscope::syntax::parse(&text);
    println!("{}", p.root().to_sexp());
}
