fn main() {
    let world = hearth::game::world::World::builtin();
    println!("{}", world.name());
}
