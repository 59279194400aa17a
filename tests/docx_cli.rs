//! `plandesk import FILE.docx` and `plandesk import DIR` through the binary,
//! read back with the git CLI.

mod common;

use common::Sandbox;
use docx_rs::{Docx, Paragraph, Run};

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut doc = Docx::new();
    for p in paragraphs {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*p)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).expect("pack test document");
    out.into_inner()
}

fn empty_ws(sb: &Sandbox) -> std::path::PathBuf {
    let ws = sb.path("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8")]);
    assert!(r.ok, "{}", r.stderr);
    ws
}

#[test]
fn a_docx_imports_as_one_commit_per_plan() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let file = sb.path("计划.docx");
    std::fs::write(
        &file,
        docx(&[
            "城关镇2022年工作计划",
            "一、抓好党建",
            "落实责任。",
            "2022年1月5日",
            "2022年1月6日",
        ]),
    )
    .expect("write");
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "import",
        file.to_str().expect("utf-8"),
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("Imported 2022/"), "{}", r.stdout);
    // The line not placed is named by its paragraph.
    assert!(r.stderr.contains("paragraph 5"), "{}", r.stderr);
    let subjects = sb.git(&ws, &["log", "--format=%s"]);
    assert_eq!(subjects.lines().count(), 2, "{subjects}");
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
    let shown = sb.git(&ws, &["show", "HEAD", "--", "plans/"]);
    assert!(shown.contains("抓好党建"), "{shown}");
}

#[test]
fn an_old_doc_is_refused_with_what_to_do_and_nothing_is_written() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let file = sb.path("计划.doc");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 504]);
    std::fs::write(&file, ole).expect("write");
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "import",
        file.to_str().expect("utf-8"),
    ]);
    assert!(!r.ok);
    assert!(r.stderr.contains("计划.doc"), "{}", r.stderr);
    assert!(r.stderr.contains("save it as .docx"), "{}", r.stderr);
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
}

#[test]
fn importing_a_folder_takes_every_txt_and_docx_and_sums_up() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let dir = sb.path("收件箱");
    std::fs::create_dir_all(dir.join("二组/深层")).expect("mkdir");
    std::fs::write(
        dir.join("一组计划.docx"),
        docx(&["一组2023年工作计划", "一、学习", "按月学习。"]),
    )
    .expect("write");
    std::fs::write(
        dir.join("二组/深层/二组计划.txt"),
        "二组2023年工作计划\n一、服务\n走访群众。\n2023年1月2日\n2023年1月3日\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("二组/旧计划.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .expect("write");
    std::fs::write(dir.join("说明.pdf"), b"%PDF-1.4").expect("write");
    std::fs::write(dir.join("空.txt"), b"").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(sb.path("ws/plandesk.toml"), dir.join("链接.txt")).expect("symlink");

    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "import",
        dir.to_str().expect("utf-8"),
    ]);
    // Refused files make the exit code non-zero; the good ones are in.
    assert!(!r.ok, "{}", r.stdout);
    assert!(r.stderr.contains("[1/4]"), "{}", r.stderr);
    assert!(r.stderr.contains("一组计划.docx: 1 plan"), "{}", r.stderr);
    assert!(
        r.stderr.contains("二组计划.txt: 1 plan, 1 line not placed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("2 files read, 2 plans created, 1 line not placed, 3 files refused"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("旧计划.doc: this is an old binary Word (.doc)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("save it as .docx"), "{}", r.stdout);
    assert!(
        r.stdout.contains("空.txt: the file is empty"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("空.txt"), "{}", r.stdout);
    assert!(
        r.stdout.contains("链接.txt: a symbolic link, not followed"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("说明.pdf"), "{}", r.stdout);

    let actions = sb.git(
        &ws,
        &[
            "log",
            "--format=%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(
        actions.lines().filter(|l| *l == "import").count(),
        2,
        "{actions}"
    );
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
}

#[test]
fn a_dry_run_names_the_paragraph_of_each_line_it_reports() {
    let sb = Sandbox::new();
    let file = sb.path("计划.docx");
    std::fs::write(
        &file,
        docx(&[
            "城关镇2022年工作计划",
            "",
            "一、抓好党建",
            "2022年1月5日",
            "2022年1月6日",
        ]),
    )
    .expect("write");
    let r = sb.run(&["import", file.to_str().expect("utf-8"), "--dry-run"]);
    assert!(r.ok, "{}", r.stderr);
    // The importer saw four lines; its line 4 is the fifth paragraph (one was empty).
    assert!(r.stdout.contains("line 4: 2022年1月6日"), "{}", r.stdout);
    assert!(r.stdout.contains("  line 4: paragraph 5\n"), "{}", r.stdout);
}
